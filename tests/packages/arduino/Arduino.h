// The part of the Arduino core API the tinyrnn sketches use, so that CI can
// compile and link them the way the Arduino builder does (C++, the core's
// -mcpu/-mfpu/-mfloat-abi, -ltinyrnn from the library's precompiled folder)
// without an Arduino core. Output goes to the C library's stdout.
#ifndef TINYRNN_TEST_ARDUINO_H
#define TINYRNN_TEST_ARDUINO_H

#include <stddef.h>
#include <stdint.h>

unsigned long millis(void);
unsigned long micros(void);
void delay(unsigned long ms);

class StubSerial {
 public:
  void begin(unsigned long baud);
  explicit operator bool() const { return true; }
  size_t print(const char *s);
  size_t print(char c);
  size_t print(int v);
  size_t print(unsigned int v);
  size_t print(long v);
  size_t print(unsigned long v);
  size_t println(void);
  size_t println(const char *s);
  size_t println(int v);
  size_t println(long v);
  size_t println(unsigned long v);
};

extern StubSerial Serial;

void setup(void);
void loop(void);

#endif
