/* Stub of Zephyr's sys/printk.h (printf-style, to the semihosting console). */
#ifndef TINYRNN_TEST_ZEPHYR_PRINTK_H
#define TINYRNN_TEST_ZEPHYR_PRINTK_H
void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#endif
