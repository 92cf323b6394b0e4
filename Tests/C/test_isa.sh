#!/bin/sh
# test_isa: the shipped library runs on CPUs without AVX-512.
#   test_isa.sh LIBRARY
# The integrate-and-fire kernels are compiled a second time for AVX-512 (BrainpyStateAVX512), and the
# engine enters that build only through LIFStepAVX512.step, after CPUID said yes. Anything else of
# that module reached from the engine would crash the host on an older CPU (SIGILL): a generic of the
# standard library instantiated in both modules is one symbol, and the linker may keep the AVX-512
# copy. So: in `objdump -d`, no function that uses AVX-512 registers (zmm, k masks, xmm/ymm 16-31) may
# be called or jumped to (directly or through the PLT) from a function that uses none, except that
# entry point.
set -eu
[ $# -eq 1 ] || { echo "usage: $0 LIBRARY" >&2; exit 2; }
lib=$1
command -v objdump >/dev/null || { echo "test_isa: objdump (binutils) is needed" >&2; exit 1; }
objdump -d --no-show-raw-insn "$lib" | awk '
    /^[0-9a-f]+ <.*>:$/ {
        fn = $1; name[fn] = substr($2, 2, length($2) - 3); at[name[fn]] = fn; functions++
        next
    }
    /%zmm|%k[0-7][^0-9]|%k[0-7]$|%[xy]mm(1[6-9]|2[0-9]|3[01])/ { wide[fn] = 1 }
    /\t(call|jmp)[a-z]* +[0-9a-f]+ <[^+>]+>$/ {
        n = split($0, parts, " ")
        target = parts[n - 1]
        while (length(target) < length(fn)) target = "0" target
        symbol = substr(parts[n], 2, length(parts[n]) - 2)
        if (sub(/@plt$/, "", symbol)) target = "plt:" symbol
        calls++; caller[calls] = fn; callee[calls] = target
    }
    END {
        module = "18BrainpyStateAVX512"
        entry = module "07LIFStepC0O4step"
        for (f in wide) avx512++
        bad = 0
        for (c = 1; c <= calls; c++) {
            t = callee[c]; f = caller[c]
            if (t ~ /^plt:/) t = at[substr(t, 5)]
            if (!(t in wide) || (f in wide) || index(name[f], module) || index(name[t], entry)) continue
            print "FAIL: " name[f] " (no AVX-512) calls " name[t] " (AVX-512)"
            bad++
        }
        printf "test_isa: %d functions, %d with AVX-512 registers, %d direct calls, %d of them from outside that build\n",
               functions, avx512, calls, bad
        exit bad > 0
    }'
