/* platform_host.c -- output through stdio (host build). */
#include <stdio.h>

#include "platform.h"

void out_str(const char *s) { fputs(s, stdout); }
void out_int(int32_t v) { printf("%ld", (long)v); }
void out_end(void) { fflush(stdout); }
