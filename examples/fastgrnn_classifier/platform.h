/*
 * platform.h -- the example's only platform-specific part: writing text.
 * platform_host.c uses stdio; platform_mcu.c uses the semihosting console
 * of ../../firmware (QEMU prints it on its stderr). Both write exactly the
 * same characters, so the host and MCU outputs can be compared byte for byte.
 */
#ifndef FASTGRNN_CLASSIFIER_PLATFORM_H
#define FASTGRNN_CLASSIFIER_PLATFORM_H

#include <stdint.h>

void out_str(const char *s);
void out_int(int32_t v);
void out_end(void); /* flush */

#endif
