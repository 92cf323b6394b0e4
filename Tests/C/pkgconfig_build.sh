#!/bin/sh
# ctest fixture: compile the C tests and the C example against the installed tree through pkg-config,
# as a Makefile user would:  cc prog.c $(pkg-config --cflags --libs brainpystate)
#   pkgconfig_build.sh PKG_CONFIG_DIR SOURCE_DIR OUT_DIR CC PKG_CONFIG EXPECTED_VERSION
set -eu
[ $# -eq 6 ] || { echo "usage: $0 PKG_CONFIG_DIR SOURCE_DIR OUT_DIR CC PKG_CONFIG EXPECTED_VERSION" >&2; exit 2; }
pcdir=$1 src=$2 out=$3 cc=$4 pkgconfig=$5 version=$6

# Only the staged .pc may be found (no system-wide brainpystate).
PKG_CONFIG_PATH=$pcdir
PKG_CONFIG_LIBDIR=$pcdir
export PKG_CONFIG_PATH PKG_CONFIG_LIBDIR

"$pkgconfig" --exists --print-errors brainpystate
found=$("$pkgconfig" --modversion brainpystate)
[ "$found" = "$version" ] || { echo "pkg-config finds brainpystate $found, expected $version" >&2; exit 1; }
cflags=$("$pkgconfig" --cflags brainpystate)
libs=$("$pkgconfig" --libs brainpystate)
echo "pkg-config --cflags: $cflags"
echo "pkg-config --libs:   $libs"
case $libs in
    *-Wl,-rpath,*) ;;
    *) echo "pkg-config --libs has no -Wl,-rpath: installed programs would not find the library" >&2; exit 1 ;;
esac

rm -rf "$out"
mkdir -p "$out"
warn="-std=c11 -Wall -Wextra -Werror -O2"
for t in test_abi test_errors test_network test_batch test_inputs test_determinism test_projection_stages test_training; do
    echo "cc $t"
    # shellcheck disable=SC2086 # word splitting of the flags is intended
    "$cc" $warn -o "$out/$t" "$src/Tests/C/$t.c" $cflags $libs -lm
done
# test_alloc interposes malloc & co.; -rdynamic exports them to the library.
echo "cc test_alloc"
# shellcheck disable=SC2086
"$cc" $warn -rdynamic -o "$out/test_alloc" "$src/Tests/C/test_alloc.c" $cflags $libs -lm
echo "cc coba"
# shellcheck disable=SC2086
"$cc" $warn -o "$out/coba" "$src/examples/c/coba.c" $cflags $libs -lm
echo "cc digits"
# shellcheck disable=SC2086
"$cc" $warn -o "$out/digits" "$src/examples/c/digits.c" $cflags $libs -lm
echo "pkg-config build OK: $out"
