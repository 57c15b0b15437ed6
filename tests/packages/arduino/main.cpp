// Stub Arduino core: main() runs setup() and loop() once, as a board would
// run them (loop repeatedly); the Serial methods print to stdout.
#include <stdio.h>

#include "Arduino.h"

StubSerial Serial;

static unsigned long fake_us;

unsigned long millis(void) { return fake_us / 1000u; }
unsigned long micros(void) { return fake_us += 7u; }
void delay(unsigned long ms) { fake_us += ms * 1000u; }

void StubSerial::begin(unsigned long) {}
size_t StubSerial::print(const char *s) { return (size_t)fputs(s, stdout); }
size_t StubSerial::print(char c) { return (size_t)putchar(c); }
size_t StubSerial::print(int v) { return (size_t)printf("%d", v); }
size_t StubSerial::print(unsigned int v) { return (size_t)printf("%u", v); }
size_t StubSerial::print(long v) { return (size_t)printf("%ld", v); }
size_t StubSerial::print(unsigned long v) { return (size_t)printf("%lu", v); }
size_t StubSerial::println(void) { return print("\n"); }
size_t StubSerial::println(const char *s) { return print(s) + println(); }
size_t StubSerial::println(int v) { return print(v) + println(); }
size_t StubSerial::println(long v) { return print(v) + println(); }
size_t StubSerial::println(unsigned long v) { return print(v) + println(); }

int main(void) {
  setup();
  loop();
  return 0;
}
