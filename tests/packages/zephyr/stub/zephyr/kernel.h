/* Stub of Zephyr's kernel.h: what samples/fastgrnn uses, so its C can be
 * compiled and run on bare metal in CI (scripts/packages-test). */
#ifndef TINYRNN_TEST_ZEPHYR_KERNEL_H
#define TINYRNN_TEST_ZEPHYR_KERNEL_H
#include <stdint.h>
#include <zephyr/sys/printk.h>
int64_t k_uptime_get(void);
#endif
