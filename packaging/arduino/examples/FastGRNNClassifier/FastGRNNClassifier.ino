/*
 * FastGRNNClassifier: a quantized FastGRNN classifier with tinyrnn,
 * written against Microsoft EdgeML's C API.
 *
 * A window of STEPS readings of INPUT_DIMS features goes through a FastGRNN
 * (q15_fastgrnn), whose hidden state a dense layer turns into one logit per
 * class (q15_m_mulvec, q15_v_add); the largest logit is the class
 * (q15_v_argmax). It prints the hidden state, the logits, the class and the
 * time the network took, once a second.
 *
 * model.h holds EdgeML-format weights. They are NOT trained (pseudo-random,
 * with the magnitudes and scales of a real quantized FastGRNN), so the class
 * means nothing; replace model.h with your SeeDot/EdgeML model header and
 * sample_input with your sensor window. Expected output on every board:
 *   hidden state: 1327, 2492, -4603, -3673, 1589, -4829, 2370, -2415, 2122, -348, 2948, 3362, -3076, -843, 1083, -1326
 *   logits: 558, -381, 1637, 532
 *   class: 2
 */
#include <tinyrnn.h>

#include "model.h"

// FastGRNN's scratch buffers (EdgeML's Q15_FastGRNN_Buffers).
static Q15_T preComp1[HIDDEN_DIMS];
static Q15_T preComp2[HIDDEN_DIMS];
static Q15_T preComp3[HIDDEN_DIMS];
static Q15_T normFeatures[INPUT_DIMS];

static void printVector(const char *label, const Q15_T *v, int n) {
  Serial.print(label);
  for (int i = 0; i < n; i++) {
    Serial.print(i == 0 ? " " : ", ");
    Serial.print(v[i]);
  }
  Serial.println();
}

static void classify() {
  Q15_FastGRNN_Params params;
  params.mean = NULL;  // inputs are not normalised (normalize = 0)
  params.stdDev = NULL;
  params.W = rnn_W;
  params.U = rnn_U;
  params.Bg = rnn_Bg;
  params.Bh = rnn_Bh;
  params.sigmoid_zeta = SIGMOID_ZETA;
  params.sigmoid_nu = SIGMOID_NU;

  Q15_FastGRNN_Buffers buffers;
  buffers.preComp1 = preComp1;
  buffers.preComp2 = preComp2;
  buffers.preComp3 = preComp3;
  buffers.normFeatures = normFeatures;

  Q15_T hidden[HIDDEN_DIMS] = {0};
  Q15_T logits[NUM_CLASSES];
  ITER_T predicted = 0;

  unsigned long start = micros();
  // The whole window in one call: the hidden state carries across steps.
  int rc = q15_fastgrnn(hidden, HIDDEN_DIMS, sample_input, INPUT_DIMS, STEPS,
                        &params, &buffers, &rnn_scales, /*backward=*/0, /*normalize=*/0);
  if (rc != 0) {
    Serial.print("q15_fastgrnn failed: ");
    Serial.println(rc);
    return;
  }
  // Dense layer: logits = fc_W . hidden, then + bias; the class is the argmax.
  q15_m_mulvec(fc_W, hidden, NUM_CLASSES, HIDDEN_DIMS, logits, FC_SCALE, H_SCALE, LOGIT_SCALE);
  q15_v_add(logits, fc_bias, NUM_CLASSES, logits, 1, 1, 1, 1);
  q15_v_argmax(logits, NUM_CLASSES, &predicted);
  unsigned long elapsed = micros() - start;

  printVector("hidden state:", hidden, HIDDEN_DIMS);
  printVector("logits:", logits, NUM_CLASSES);
  Serial.print("class: ");
  Serial.println((long)predicted);
  Serial.print("time: ");
  Serial.print(elapsed);
  Serial.println(" us");
}

void setup() {
  Serial.begin(115200);
  while (!Serial && millis() < 3000) {
    // Boards with native USB: wait a little for the serial monitor.
  }
  Serial.println("tinyrnn: quantized FastGRNN classifier (EdgeML API)");
}

void loop() {
  classify();
  delay(1000);
}
