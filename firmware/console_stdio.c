/*
 * tinyrnn firmware: the console and exit of semihost.h on top of the C
 * library's stdio, for the builds that have one underneath: the host (glibc)
 * and RISC-V under QEMU virt on picolibc (crt0-semihost, --oslib=semihost,
 * whose stdout and exit() go through RISC-V semihosting). The Cortex-M
 * builds use semihost.c instead (no C library console there).
 */
#include <stdio.h>
#include <stdlib.h>

#include "semihost.h"

void con_putc(char c) { (void)putchar(c); }

void con_puts(const char *s) { (void)fputs(s, stdout); }

void con_put_uint(uint32_t v) { (void)printf("%lu", (unsigned long)v); }

void con_put_int(int32_t v) { (void)printf("%ld", (long)v); }

void con_put_hex(uint32_t v) { (void)printf("0x%08lx", (unsigned long)v); }

void con_flush(void) { (void)fflush(stdout); }

void sh_exit(int32_t code) {
    con_flush();
    exit((int)code);
}
