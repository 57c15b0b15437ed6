/*
 * tinyrnn firmware: Arm semihosting console and exit, and a printf-free
 * number printer. Under QEMU (-semihosting-config enable=on,target=native)
 * console text appears on QEMU's stderr and sh_exit()'s status becomes
 * QEMU's exit status.
 */
#ifndef TINYRNN_FW_SEMIHOST_H
#define TINYRNN_FW_SEMIHOST_H

#include <stdint.h>

/* Semihosting operations used here. */
#define SH_SYS_WRITE0 0x04u        /* write a NUL-terminated string */
#define SH_SYS_EXIT_EXTENDED 0x20u /* stop, with an exit status */

/* Raw semihosting call: op in r0, argument block address in r1. */
int32_t sh_call(uint32_t op, const void *arg);

/* Ends the emulation with exit status `code` (after flushing the console). */
void sh_exit(int32_t code) __attribute__((noreturn));

/*
 * Console, line buffered: text is sent with SYS_WRITE0 at each '\n', when
 * the buffer is full, and on con_flush()/sh_exit().
 */
void con_putc(char c);
void con_puts(const char *s);           /* no newline added */
void con_put_int(int32_t v);            /* decimal, '-' when negative */
void con_put_uint(uint32_t v);          /* decimal */
void con_put_hex(uint32_t v);           /* 0x followed by 8 hex digits */
void con_flush(void);

#endif /* TINYRNN_FW_SEMIHOST_H */
