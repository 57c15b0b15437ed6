//! The tiny recurrent cells (in progress).
