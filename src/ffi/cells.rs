//! C ABI of the tiny recurrent cells (in progress).
