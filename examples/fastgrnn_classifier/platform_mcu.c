/* platform_mcu.c -- output through semihosting (bare-metal build, no printf). */
#include "platform.h"
#include "semihost.h"

void out_str(const char *s) { con_puts(s); }
void out_int(int32_t v) { con_put_int(v); }
void out_end(void) { con_flush(); }
