/*
 * tinyrnn -- drop-in replacement for EdgeML's C reference: classifier.h.
 *
 * EdgeML's fully connected layer FC, a macro for the library's symbol
 * tinyrnn_FC (declared, with its documentation, in tinyrnn_float.h).
 *
 * Define TINYRNN_NO_EDGEML_NAMES before including to get only the prefixed
 * name (see utils.h and docs/float-api.md).
 */
#ifndef TINYRNN_CLASSIFIER_H
#define TINYRNN_CLASSIFIER_H

#include "tinyrnn_float.h"

#ifndef TINYRNN_NO_EDGEML_NAMES
#define FC tinyrnn_FC
#endif

#endif /* TINYRNN_CLASSIFIER_H */
