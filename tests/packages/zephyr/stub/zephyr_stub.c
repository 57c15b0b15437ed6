/* Stub Zephyr services for samples/fastgrnn on QEMU's MPS2 boards: printk
 * formats with newlib's vsnprintf and writes to the semihosting console. */
#include <stdarg.h>
#include <stdio.h>

#include <zephyr/kernel.h>

#include "semihost.h"

void printk(const char *fmt, ...) {
    char buf[160];
    va_list ap;
    va_start(ap, fmt);
    (void)vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    con_puts(buf);
}

int64_t k_uptime_get(void) { return 0; }
