#!/bin/sh
# test_symbols: the installed library exports exactly the C ABI and is relocatable.
#   test_symbols.sh LIBDIR HEADER CC ABI_VERSION VERSION
# Checks
#   - lib/libbrainpystate.so -> libbrainpystate.so.ABI -> libbrainpystate.so.VERSION (a regular file)
#   - the global defined dynamic symbols (nm -D --defined-only) are exactly the bps_* functions that
#     the header declares (parsed from `cc -E -P`), all of them functions (T)
#   - readelf -d: SONAME libbrainpystate.so.ABI, no libswift* NEEDED, RUNPATH/RPATH absent or $ORIGIN,
#     NEEDED only from the expected system libraries; ldd resolves all of them
set -eu
[ $# -eq 5 ] || { echo "usage: $0 LIBDIR HEADER CC ABI_VERSION VERSION" >&2; exit 2; }
libdir=$1 header=$2 cc=$3 abi=$4 version=$5
fail=0
bad() { echo "FAIL: $*" >&2; fail=1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

real=$libdir/libbrainpystate.so.$version
soname=libbrainpystate.so.$abi
[ -f "$real" ] && [ ! -L "$real" ] || bad "$real is not a regular file"
[ "$(readlink "$libdir/$soname" 2>/dev/null)" = "libbrainpystate.so.$version" ] \
    || bad "$libdir/$soname does not link to libbrainpystate.so.$version"
[ "$(readlink "$libdir/libbrainpystate.so" 2>/dev/null)" = "$soname" ] \
    || bad "$libdir/libbrainpystate.so does not link to $soname"
[ -f "$real" ] || { echo "test_symbols: nothing more to check" >&2; exit 1; }
echo "library: $real ($(wc -c < "$real") bytes)"

# --- exported symbols vs the header
"$cc" -E -P -I"$(dirname "$header")" "$header" > "$tmp/header.i"
# A declaration is "name(" after preprocessing; the typedef of the progress callback "(*bps_progress_fn)"
# is not followed by "(" and so is not taken.
tr '\n' ' ' < "$tmp/header.i" | grep -oE '\bbps_[a-z0-9_]+[[:space:]]*\(' | tr -d ' (' | sort -u > "$tmp/declared"
nm -D --defined-only "$real" > "$tmp/nm"
# Global (upper-case type) defined symbols. Lower-case entries are local symbols that the linker left in
# .dynsym; they cannot be bound from outside and are listed only for information.
awk 'NF >= 3 && $2 ~ /^[A-Z]$/ { print $3 }' "$tmp/nm" | sed 's/@.*//' | sort -u > "$tmp/exported"
awk 'NF >= 3 && $2 ~ /^[A-Z]$/ && $3 ~ /^bps_/ && $2 != "T" { print }' "$tmp/nm" > "$tmp/nonfunc"
awk 'NF >= 3 && $2 ~ /^[a-z]$/ { print $3 }' "$tmp/nm" > "$tmp/local"
ndecl=$(wc -l < "$tmp/declared")
nexp=$(wc -l < "$tmp/exported")
echo "header declares $ndecl functions; the library exports $nexp global symbols"
[ "$ndecl" -gt 40 ] || bad "only $ndecl declarations parsed from $header"
if ! diff "$tmp/declared" "$tmp/exported" > "$tmp/diff"; then
    bad "exported symbols differ from the header (< declared only, > exported only):"
    grep '^[<>]' "$tmp/diff" >&2
fi
[ ! -s "$tmp/nonfunc" ] || { bad "bps_ symbols that are not functions:"; cat "$tmp/nonfunc" >&2; }
if [ -s "$tmp/local" ]; then
    echo "note: $(wc -l < "$tmp/local") local (non-bindable) symbols remain in .dynsym, e.g. $(head -n 1 "$tmp/local")"
fi

# --- dynamic section
readelf -d "$real" > "$tmp/dyn"
got_soname=$(sed -n 's/.*(SONAME).*\[\(.*\)\].*/\1/p' "$tmp/dyn")
[ "$got_soname" = "$soname" ] || bad "SONAME is '$got_soname', expected $soname"
if grep -q 'NEEDED.*libswift' "$tmp/dyn"; then
    bad "the library needs the Swift runtime (built without -static-stdlib?):"
    grep 'NEEDED.*libswift' "$tmp/dyn" >&2
fi
for tag in RUNPATH RPATH; do
    path=$(sed -n "s/.*($tag).*\[\(.*\)\].*/\1/p" "$tmp/dyn")
    case $path in
        ''|'$ORIGIN') ;;
        *) bad "$tag is '$path' (absent or \$ORIGIN only allowed: an absolute path ties it to the build machine)" ;;
    esac
done
sed -n 's/.*(NEEDED).*\[\(.*\)\].*/\1/p' "$tmp/dyn" > "$tmp/needed"
echo "NEEDED: $(tr '\n' ' ' < "$tmp/needed")"
while read -r lib; do
    case $lib in
        libc.so.*|libm.so.*|libstdc++.so.*|libgcc_s.so.*|ld-linux*.so.*|libpthread.so.*|libdl.so.*|librt.so.*|libopenblas.so.*) ;;
        *) bad "unexpected NEEDED $lib" ;;
    esac
done < "$tmp/needed"
if command -v ldd >/dev/null 2>&1; then
    if ldd "$real" | grep -q 'not found'; then
        bad "ldd cannot resolve:"
        ldd "$real" | grep 'not found' >&2
    fi
fi

if [ "$fail" -ne 0 ]; then
    echo "test_symbols: FAILED" >&2
    exit 1
fi
echo "test_symbols: OK (SONAME $soname, $nexp exported functions == header, NEEDED system libraries only)"
