//! C ABI of the float API (in progress).
