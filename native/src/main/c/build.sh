#!/bin/sh
# Builds the HiMPI/ACL simulator: generates layout_asserts.h from layout.tsv (so the C declarations
# are checked against the ABI table at compile time), then links libascendcl.so and
# libacl_dvpp_mpi.so (which needs libascendcl.so, found through its RUNPATH $ORIGIN).
# Usage: build.sh <layout.tsv> <output dir>
set -eu
src=$(cd "$(dirname "$0")" && pwd)
tsv=$1
out=$2
mkdir -p "$out/include"
types=$(grep -oE '} hi_[a-z0-9_]+;|^typedef hi_[a-z0-9_]+ hi_[a-z0-9_]+;' "$src/himpi_sim.h" \
    | grep -oE 'hi_[a-z0-9_]+;$' | tr -d ';' | tr '\n' ' ')
awk -v types="$types" -f "$src/gen_layout_asserts.awk" "$tsv" > "$out/include/layout_asserts.h"
cflags="-std=gnu11 -O2 -g -fPIC -Wall -Wextra -Werror -Wno-unused-parameter -I$out/include -I$src"
# Real-video mode needs x264.h and x265.h at build time (libx264/libx265 are dlopen'ed at run time).
if printf '#include <stdint.h>\n#include <x264.h>\n#include <x265.h>\n' | ${CC:-gcc} -E - >/dev/null 2>&1; then
    cflags="$cflags -DSIM_HAVE_VIDEO"
else
    echo "himpi-sim: x264.h/x265.h not found, real-video mode left out"
fi
${CC:-gcc} $cflags -shared -o "$out/libascendcl.so" "$src/acl_sim.c" -lpthread
${CC:-gcc} $cflags -shared -o "$out/libacl_dvpp_mpi.so" "$src/himpi_sim.c" "$src/sim_video.c" \
    -L"$out" -lascendcl -Wl,-rpath,'$ORIGIN' -lpthread -ldl
# The same simulator with the symbol set of an older CANN (no set/get_chn_attr, get_scene_mode,
# hi_mpi_sys_get_image_align_info; aclrtGetVersion 1.0.0), for the optional-symbol tests.
mkdir -p "$out/cann-old"
${CC:-gcc} $cflags -DSIM_OLD_CANN -shared -o "$out/cann-old/libascendcl.so" "$src/acl_sim.c" -lpthread
${CC:-gcc} $cflags -DSIM_OLD_CANN -shared -o "$out/cann-old/libacl_dvpp_mpi.so" "$src/himpi_sim.c" \
    "$src/sim_video.c" -L"$out/cann-old" -lascendcl -Wl,-rpath,'$ORIGIN' -lpthread -ldl
echo "himpi-sim: built $out/libascendcl.so and $out/libacl_dvpp_mpi.so (and the older-CANN variant in $out/cann-old)"
