/*
 * tinyrnn Zephyr sample: the quantized FastGRNN classifier of
 * examples/fastgrnn_classifier on Zephyr, through EdgeML's C API.
 *
 * q15_fastgrnn summarises STEPS time steps of INPUT_DIMS features in its
 * hidden state; a dense layer (q15_m_mulvec + q15_v_add) turns it into one
 * logit per class and q15_v_argmax picks the class. The output equals the
 * example's expected.txt on every board (sample.yaml checks it).
 */
#include <stddef.h>
#include <stdint.h>

#include <zephyr/kernel.h>
#include <zephyr/sys/printk.h>

#include "model.h"
#include "quantized_fastgrnn.h"
#include "quantized_utils.h"

static Q15_T preComp1[HIDDEN_DIMS], preComp2[HIDDEN_DIMS], preComp3[HIDDEN_DIMS];
static Q15_T normFeatures[INPUT_DIMS];

static void print_vec(const char *label, const Q15_T *v, int n)
{
	printk("%s", label);
	for (int i = 0; i < n; i++) {
		printk("%s%d", i == 0 ? " " : ", ", v[i]);
	}
	printk("\n");
}

int main(void)
{
	const Q15_FastGRNN_Params params = {
		.mean = NULL, .stdDev = NULL, /* inputs not normalised */
		.W = rnn_W, .U = rnn_U,
		.Bg = rnn_Bg, .Bh = rnn_Bh,
		.sigmoid_zeta = SIGMOID_ZETA, .sigmoid_nu = SIGMOID_NU,
	};
	Q15_FastGRNN_Buffers buffers = {
		.preComp1 = preComp1, .preComp2 = preComp2, .preComp3 = preComp3,
		.normFeatures = normFeatures,
	};
	Q15_T hidden[HIDDEN_DIMS] = {0};
	Q15_T logits[NUM_CLASSES];
	ITER_T predicted = 0;

	printk("tinyrnn sample: quantized FastGRNN classifier on %s\n", CONFIG_BOARD);
	int64_t start = k_uptime_get();
	int rc = q15_fastgrnn(hidden, HIDDEN_DIMS, sample_input, INPUT_DIMS, STEPS,
			      &params, &buffers, &rnn_scales, /*backward=*/0, /*normalize=*/0);
	if (rc != 0) {
		printk("q15_fastgrnn failed: %d\n", rc);
		return 1;
	}
	q15_m_mulvec(fc_W, hidden, NUM_CLASSES, HIDDEN_DIMS, logits, FC_SCALE, H_SCALE, LOGIT_SCALE);
	q15_v_add(logits, fc_bias, NUM_CLASSES, logits, 1, 1, 1, 1);
	q15_v_argmax(logits, NUM_CLASSES, &predicted);
	int64_t elapsed = k_uptime_get() - start;

	print_vec("hidden state:", hidden, HIDDEN_DIMS);
	print_vec("logits:", logits, NUM_CLASSES);
	printk("class: %d\n", (int)predicted);
	printk("time: %d ms\n", (int)elapsed);
	return 0;
}
