#!/usr/bin/env bash
# backprop-lab on Linux aarch64, run for real under emulation on an x86-64 machine: the built
# classes and their jars, with libtorch's linux-aarch64 jar from Maven Central in place of the
# x86-64 one, on Debian's arm64 OpenJDK under qemu-user. It runs doctor (libtorch's float32
# convolutions checked against float64: whether the ARM kernels are right), summary, a one-epoch
# train on a few thousand images, evaluate and predict, and prints each command's output.
#
#   bench/arm64.sh [IMAGES=3000] [MODEL=tiny]
#
# Needs (Debian): dpkg --add-architecture arm64; apt-get update;
#                 apt-get install qemu-user-static openjdk-17-jre-headless:arm64
# Emulation is 20-50 times slower than the machine itself: a few minutes in all.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
images="${1:-3000}"
model="${2:-tiny}"
java_arm=/usr/lib/jvm/java-17-openjdk-arm64/bin/java
qemu="$(command -v qemu-aarch64-static || command -v qemu-aarch64 || true)"
[[ -n "$qemu" ]] || { echo "bench/arm64.sh: qemu-user-static is not installed" >&2; exit 2; }
[[ -x "$java_arm" ]] || { echo "bench/arm64.sh: $java_arm missing (openjdk-17-jre-headless:arm64)" >&2; exit 2; }

version="$(sed -n 's:.*<pytorch.version>\(.*\)</pytorch.version>.*:\1:p' "$here/pom.xml")"
"$here/backprop-lab" --version >/dev/null 2>&1   # builds target/ when the sources are newer
work="${ARM64_WORK:-$(mktemp -d)}"
mkdir -p "$work/lib"
# The same jars as on x86-64, but libtorch's native jar for aarch64 (pytorch-jni and JNA carry
# every platform's JNI library in one jar).
for jar in "$here"/target/lib/*.jar; do
  case "$(basename "$jar")" in pytorch-native-cpu-*) ;; *) cp -p "$jar" "$work/lib/" ;; esac
done
mvn="$(command -v mvn || echo "$here/mvnw")"
(cd "$here" && "$mvn" -B -q dependency:copy \
  -Dartifact="ai.djl.pytorch:pytorch-native-cpu:$version:jar:linux-aarch64" \
  -DoutputDirectory="$work/lib" > "$work/maven.log" 2>&1) || { cat "$work/maven.log" >&2; exit 1; }
cp "$here/target/backprop-lab.jar" "$work/"

run() {
  echo
  echo "\$ backprop-lab $*   (linux-aarch64, emulated)"
  local t0=$SECONDS
  # A home of its own: DJL extracts the aarch64 libtorch into its own cache there.
  BACKPROP_LAB_HOME="$here" "$qemu" -L / "$java_arm" -Duser.home="$work/home" \
    -cp "$work/backprop-lab.jar:$work/lib/*" backproplab.cli.BackpropLab "$@"
  echo "($((SECONDS - t0)) s)"
}

echo "host: $(uname -m), $(lscpu | sed -n 's/^Model name: *//p'), CPU family $(lscpu | sed -n 's/^CPU family: *//p')"
echo "emulated: $("$qemu" -L / "$java_arm" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *os.arch = //p') on $("$qemu" --version | sed -n 1p)"
run doctor --model "$model"
run summary --model "$model"
run train --model "$model" --epochs 1 --limit "$images" --out "$work/run"
run evaluate --run "$work/run"
# A test digit as a PNG file, as a learner would give one (python's standard library only).
python3 - "$here/data/mnist" "$work/digit.png" <<'PY'
import gzip, struct, sys, zlib
with gzip.open(sys.argv[1] + "/t10k-images-idx3-ubyte.gz") as f:
    f.read(16); pixels = f.read(28 * 28)            # the first test digit, a 7
rows = b"".join(b"\0" + pixels[r * 28:(r + 1) * 28] for r in range(28))
chunk = lambda kind, data: struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
open(sys.argv[2], "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 28, 28, 8, 0, 0, 0, 0))
                              + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
PY
run predict --run "$work/run" "$work/digit.png"
echo
echo "work folder: $work"
