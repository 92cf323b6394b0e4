/* test_isa's own check: a library whose ordinary code calls a function compiled for AVX-512, as the
   engine would if the linker kept a standard-library generic's AVX-512 copy. test_isa.sh must
   refuse it (ctest: test_isa_refuses_a_stray_call). */
__attribute__((target("avx512f"), noinline)) void bps_isa_wide(float *x) {
    typedef float v16 __attribute__((vector_size(64)));
    v16 v;
    __builtin_memcpy(&v, x, sizeof v);
    v = v + v;
    __builtin_memcpy(x, &v, sizeof v);
}

void bps_isa_plain(float *x) { bps_isa_wide(x); }
