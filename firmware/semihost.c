/*
 * tinyrnn firmware: semihosting (BKPT 0xAB, the M-profile trap) and a
 * line-buffered console with decimal/hex printers, so no printf is linked.
 */
#include "semihost.h"

/* ADP_Stopped_ApplicationExit: the reason code of a normal program exit. */
#define ADP_STOPPED_APPLICATION_EXIT 0x20026u

int32_t sh_call(uint32_t op, const void *arg) {
    register uint32_t r0 __asm__("r0") = op;
    register const void *r1 __asm__("r1") = arg;
    __asm__ volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
    return (int32_t)r0;
}

static char con_buf[128];
static uint32_t con_len;

void con_flush(void) {
    if (con_len == 0) {
        return;
    }
    con_buf[con_len] = '\0';
    (void)sh_call(SH_SYS_WRITE0, con_buf);
    con_len = 0;
}

void con_putc(char c) {
    con_buf[con_len++] = c;
    if (c == '\n' || con_len == sizeof con_buf - 1) {
        con_flush();
    }
}

void con_puts(const char *s) {
    while (*s != '\0') {
        con_putc(*s++);
    }
}

void con_put_uint(uint32_t v) {
    char digits[10];
    uint32_t n = 0;
    do {
        digits[n++] = (char)('0' + v % 10u);
        v /= 10u;
    } while (v != 0);
    while (n > 0) {
        con_putc(digits[--n]);
    }
}

void con_put_int(int32_t v) {
    if (v < 0) {
        con_putc('-');
        /* Negate in unsigned arithmetic: INT32_MIN has no positive int32. */
        con_put_uint(0u - (uint32_t)v);
    } else {
        con_put_uint((uint32_t)v);
    }
}

void con_put_hex(uint32_t v) {
    static const char hex[] = "0123456789abcdef";
    con_puts("0x");
    for (int shift = 28; shift >= 0; shift -= 4) {
        con_putc(hex[(v >> shift) & 0xFu]);
    }
}

void sh_exit(int32_t code) {
    /* SYS_EXIT_EXTENDED takes a two-word block: reason, status. */
    uint32_t block[2];
    con_flush();
    block[0] = ADP_STOPPED_APPLICATION_EXIT;
    block[1] = (uint32_t)code;
    (void)sh_call(SH_SYS_EXIT_EXTENDED, block);
    for (;;) {
        /* Not reached under QEMU; without a debugger, park the core. */
        __asm__ volatile("wfi");
    }
}
