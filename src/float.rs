//! EdgeML float API (in progress).
