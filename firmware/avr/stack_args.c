/* Calls firmware/avr/stack_args.rs and prints whether Rust read its stack
 * argument where avr-gcc put it. Ends with "END" and sleeps (simavr exits). */
#include <stdint.h>
#include <avr/io.h>
#include <avr/interrupt.h>
#include <avr/sleep.h>

uint16_t tinyrnn_probe_stack_arg(uint32_t a, uint32_t b, uint32_t c, uint32_t d, uint32_t e, uint16_t x);
uint16_t tinyrnn_probe_stack_arg_internal(uint16_t x);

static void con_puts(const char *s) {
    while (*s) {
        while (!(UCSR0A & (1 << UDRE0))) {}
        UDR0 = *s++;
    }
}

int main(void) {
    UCSR0A = 1 << U2X0;
    UBRR0 = 0;
    UCSR0B = 1 << TXEN0;
    uint16_t got = tinyrnn_probe_stack_arg(1, 2, 3, 4, 5, 0x1234);
    char hex[5];
    for (uint8_t i = 0; i < 4; i++) hex[i] = "0123456789abcdef"[(got >> (12 - 4 * i)) & 15];
    hex[4] = 0;
    con_puts(got == 0x1234 ? "stack-args: ok (0x" : "stack-args: MISCOMPILED (0x");
    con_puts(hex);
    con_puts(", want 0x1234)\n");
    con_puts(tinyrnn_probe_stack_arg_internal(0x1234) == 0x1234 ? "stack-args Rust to Rust: ok\n"
                                                                : "stack-args Rust to Rust: MISCOMPILED\n");
    con_puts("END\n");
    while (!(UCSR0A & (1 << TXC0))) {}
    cli();
    sleep_enable();
    sleep_cpu();
    for (;;) {}
}
