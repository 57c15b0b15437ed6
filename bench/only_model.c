/* tinyrnn only: ../shared/bench/only_fastgrnn.c's call through a FastGRNN
 * model handle (an init, then a run; -DLOWRANK: q15_fastgrnn_lr's), for
 * measuring the flash a model-only firmware pulls in. Built -DNO_CALL it is
 * only_fastgrnn.c's NO_CALL build (the baseline of both). */
#include "quantized_fastgrnn.h"
void* volatile sink;
#ifndef NO_CALL
static tinyrnn_fastgrnn_model model;
#endif
int main(void) {
#ifndef NO_CALL
  void* volatile p = sink; void* volatile b = sink; void* volatile s = sink;
  Q15_T* volatile h = sink; const Q15_T* volatile x = sink;
#ifdef LOWRANK
  int rc = tinyrnn_q15_fastgrnn_lr_model_init(&model, 64, 32, 1, p, b, s, 0);
  return rc != 0 ? rc : tinyrnn_q15_fastgrnn_lr_model_run(&model, h, x, 1, 0);
#else
  int rc = tinyrnn_q15_fastgrnn_model_init(&model, 64, 32, 1, p, b, s, 0);
  return rc != 0 ? rc : tinyrnn_q15_fastgrnn_model_run(&model, h, x, 1, 0);
#endif
#else
  return 0;
#endif
}
