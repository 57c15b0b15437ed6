/* The WAV the MCU build classifies (WAV_PATH, from the Makefile). */
    .section .rodata.ww_wav, "a"
    .global ww_wav
    .global ww_wav_end
    .balign 4
ww_wav:
    .incbin WAV_PATH
ww_wav_end:
    .byte 0
