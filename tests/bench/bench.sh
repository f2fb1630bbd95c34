#!/usr/bin/env bash
# Benchmark kaoping against libcsv alone and against sqlite3.
#
#	bash tests/bench/bench.sh [KAOPING] [ROWS...]
#
# KAOPING defaults to ./kaoping; ROWS to $BENCH_ROWS, else 10000 100000
# 1000000.  Environment: BENCH_RUNS (runs per tool, default 3), CC (default
# cc), GENSHEET and CSVPARSE (use these binaries instead of compiling
# tests/gensheet.c and tests/bench/csvparse.c), BENCH_SQLITE_MAX (largest
# sheet given to sqlite3, default 1000000: it needs minutes beyond).  For
# each size it generates a defect-free sheet (seed 1), then times kaoping
# -o -r, csvparse and, if sqlite3 is on PATH, job.sql.  Wall time is the
# median of the runs, taken with the shell's clock; peak RSS (the largest
# of the runs) and CPU time (user + system, median) come from
# /usr/bin/time when it is installed.  At the end it sets kaoping's figures
# against the targets: time over libcsv's, RSS over the file's size, and
# the spread of time per row over the sizes.  Outputs are removed before
# each run, so that no run pays for freeing the previous run's files, and
# sync(1) puts what is still waiting on the disk, so that no run pays for
# writing the sheet or sqlite3's outputs (kaoping fsyncs its own).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
kaoping=${1:-./kaoping}
[ $# -gt 0 ] && shift
if [ $# -gt 0 ]; then
	sizes=("$@")
else
	read -r -a sizes <<<"${BENCH_ROWS:-10000 100000 1000000}"
fi
runs=${BENCH_RUNS:-3}
sqlite_max=${BENCH_SQLITE_MAX:-1000000}

die() {
	echo "bench.sh: $*" >&2
	exit 1
}

case $runs in
''|*[!0-9]*|0) die "BENCH_RUNS must be a positive integer: '$runs'" ;;
esac
case $sqlite_max in
''|*[!0-9]*) die "BENCH_SQLITE_MAX must be a non-negative integer" ;;
esac
for n in "${sizes[@]}"; do
	case $n in
	''|*[!0-9]*) die "row count must be a non-negative integer: '$n'" ;;
	esac
done

work=$(mktemp -d "${TMPDIR:-/tmp}/kaoping-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 130' HUP INT TERM

cc=${CC:-cc}
if [ -n "${GENSHEET:-}" ]; then
	gensheet=$GENSHEET
else
	gensheet=$work/gensheet
	"$cc" -O2 -o "$gensheet" "$here/../gensheet.c" ||
	    die "cannot compile gensheet"
fi
if [ -n "${CSVPARSE:-}" ]; then
	csvparse=$CSVPARSE
else
	csvparse=$work/csvparse
	"$cc" -O2 -o "$csvparse" "$here/csvparse.c" -lcsv ||
	    die "cannot compile csvparse (libcsv installed?)"
fi

have_kaoping=1
if ! command -v "$kaoping" >/dev/null 2>&1 || [ -d "$kaoping" ]; then
	echo "bench.sh: $kaoping not found; kaoping is skipped" >&2
	have_kaoping=0
fi
have_sqlite=0
command -v sqlite3 >/dev/null 2>&1 && have_sqlite=1
timer=
[ -x /usr/bin/time ] && timer=/usr/bin/time

# Microseconds since the epoch: bash 5's EPOCHREALTIME, else GNU date.
now_us() {
	if [ -n "${EPOCHREALTIME:-}" ]; then
		local t=${EPOCHREALTIME/[.,]/}
		echo "$t"
	else
		echo $(($(date +%s%N) / 1000))
	fi
}

# timed NAME CMD...: run CMD once, stdout and stderr to $work/NAME.out and
# .err; append the wall time (s) to $work/NAME.wall, the peak RSS (KiB, or
# -) to $work/NAME.rss and the CPU time (s, or -) to $work/NAME.cpu.  A
# failing CMD ends the benchmark.
timed() {
	local name=$1 t0 t1 rc=0
	shift
	t0=$(now_us)
	if [ -n "$timer" ]; then
		"$timer" -f '%M %U %S' -o "$work/$name.time" "$@" \
		    >"$work/$name.out" 2>"$work/$name.err" || rc=$?
	else
		"$@" >"$work/$name.out" 2>"$work/$name.err" || rc=$?
	fi
	t1=$(now_us)
	if [ "$rc" -ne 0 ]; then
		echo "bench.sh: $name failed (exit $rc): $*" >&2
		tail -n 5 "$work/$name.err" >&2
		exit 1
	fi
	awk -v d=$((t1 - t0)) 'BEGIN { printf "%.6f\n", d / 1e6 }' \
	    >>"$work/$name.wall"
	if [ -n "$timer" ]; then
		tail -n 1 "$work/$name.time" | awk -v rss="$work/$name.rss" \
		    -v cpu="$work/$name.cpu" '{ print $1 >>rss
			printf "%.2f\n", $2 + $3 >>cpu }'
	else
		echo - >>"$work/$name.rss"
		echo - >>"$work/$name.cpu"
	fi
}

# median FILE: the median of the numbers in FILE, one a line (or -).
median() {
	sort -n "$1" | awk '{ v[NR] = $1 }
	    END { print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# row NAME ROWS BYTES: print one table row from NAME's measurements.
row() {
	local name=$1 rows=$2 bytes=$3 wall rss cpu
	wall=$(median "$work/$name.wall")
	if grep -q -- - "$work/$name.cpu"; then
		cpu=-
	else
		cpu=$(median "$work/$name.cpu")
	fi
	rss=$(sort -n "$work/$name.rss" | tail -n 1)
	echo "$wall" >"$work/$name.median"
	awk -v n="$rows" -v b="$bytes" -v tool="$name" -v w="$wall" \
	    -v m="$rss" -v c="$cpu" '
	BEGIN {
		us = n > 0 ? sprintf("%.3f", w * 1e6 / n) : "-"
		rs = w > 0 ? sprintf("%.0f", n / w) : "-"
		ms = w > 0 ? sprintf("%.1f", b / 1e6 / w) : "-"
		mm = m == "-" ? "-" : sprintf("%.1f", m / 1024)
		mf = m == "-" || b == 0 ? "-" : sprintf("%.2f", m * 1024 / b)
		printf "%9d %7.1f  %-9s %8.3f %7s %10s %7s %7s %8s %6s\n", \
		    n, b / 1e6, tool, w, us, rs, ms, c, mm, mf
	}'
	if [ "$name" = kaoping ]; then
		awk -v n="$rows" -v w="$wall" -v m="$rss" -v b="$bytes" \
		    'BEGIN { printf "%d %.6f %s %s\n", n, w, m, b }' \
		    >>"$work/kaoping.sizes"
	fi
}

ratio() {
	awk -v a="$(cat "$work/$1.median")" -v b="$(cat "$work/$2.median")" \
	    'BEGIN { if (b > 0) printf "%.1fx", a / b; else printf "-" }'
}

cpu=$(sed -n 's/^model name[[:space:]]*:[[:space:]]*//p' /proc/cpuinfo \
    2>/dev/null | head -n 1)
echo "kaoping benchmark"
echo "machine: $(nproc 2>/dev/null || echo '?') CPUs, ${cpu:-unknown CPU}," \
    "$(uname -sr)"
echo "kaoping: $kaoping$([ $have_kaoping = 1 ] || echo ' (not found, skipped)')"
echo "sqlite3: $([ $have_sqlite = 1 ] && sqlite3 --version | cut -d' ' -f1 ||
    echo 'not on PATH, skipped')"
echo "runs: $runs per tool; wall = median, RSS = largest of the runs"
[ -n "$timer" ] ||
    echo "peak RSS not measured: /usr/bin/time is missing (apt-get install time)"
echo "gensheet: one run, writing the sheet"
echo
printf '%9s %7s  %-9s %8s %7s %10s %7s %7s %8s %6s\n' rows MB tool \
    "wall s" "us/row" rows/s MB/s "CPU s" "RSS MiB" "xfile"

for n in "${sizes[@]}"; do
	sheet=$work/sheet-$n.csv
	rm -f "$work"/*.wall "$work"/*.rss "$work"/*.cpu
	# shellcheck disable=SC2016 # $1... are expanded by the inner sh
	timed gensheet sh -c 'exec "$1" "$2" 1 >"$3"' sh "$gensheet" "$n" \
	    "$sheet"
	bytes=$(wc -c <"$sheet")
	row gensheet "$n" "$bytes"

	use_sqlite=$have_sqlite
	[ "$n" -le "$sqlite_max" ] || use_sqlite=0
	if [ $use_sqlite = 1 ]; then
		sed -e "s|@SHEET@|$sheet|" -e "s|@NOMINATIONS@|$work/sq-nom.csv|" \
		    -e "s|@RESULTS@|$work/sq-res.csv|" "$here/job.sql" \
		    >"$work/job.sql"
	fi
	for _ in $(seq "$runs"); do
		# Each run writes new files, as the first run of a quarter
		# does: freeing the last run's is not part of the job.
		rm -f "$work/nom.csv" "$work/res.csv" "$work/sq-nom.csv" \
		    "$work/sq-res.csv"
		# The sheet and sqlite3's outputs are not on the disk yet:
		# the kernel would write them during the next timed run.
		sync
		if [ $have_kaoping = 1 ]; then
			timed kaoping "$kaoping" -o "$work/nom.csv" \
			    -r "$work/res.csv" "$sheet"
		fi
		timed csvparse "$csvparse" "$sheet"
		if [ $use_sqlite = 1 ]; then
			# shellcheck disable=SC2016
			timed sqlite sh -c 'exec sqlite3 :memory: <"$1"' sh \
			    "$work/job.sql"
		fi
	done
	[ $have_kaoping = 1 ] && row kaoping "$n" "$bytes"
	row csvparse "$n" "$bytes"
	[ $use_sqlite = 1 ] && row sqlite "$n" "$bytes"

	line=
	[ $have_kaoping = 1 ] &&
	    line="kaoping/csvparse $(ratio kaoping csvparse)"
	[ $have_kaoping = 1 ] && [ $use_sqlite = 1 ] &&
	    line="$line   sqlite/kaoping $(ratio sqlite kaoping)"
	[ -n "$line" ] && printf '%19s%s\n' '' "$line"

	# Cheap sanity checks: every row of a defect-free sheet is a result.
	if [ $have_kaoping = 1 ]; then
		got=$(($(wc -l <"$work/res.csv") - 1))
		[ "$got" -eq "$n" ] || echo "warning: kaoping wrote $got" \
		    "results for $n rows" >&2
		if [ $use_sqlite = 1 ]; then
			kn=$(($(wc -l <"$work/nom.csv") - 1))
			sn=$(($(wc -l <"$work/sq-nom.csv") - 1))
			[ "$kn" -eq "$sn" ] || printf '%19s%s\n' '' \
			    "nominations: kaoping $kn, sqlite $sn (may differ)"
		fi
	fi
	rm -f "$sheet"
done

# Time per row over the sizes: the largest over the smallest.
if [ $have_kaoping = 1 ] && [ -s "$work/kaoping.sizes" ]; then
	echo
	awk '$1 > 0 { us = $2 * 1e6 / $1; line = line sprintf(" %d: %.3f", $1, us)
		if (min == "" || us < min) min = us
		if (max == "" || us > max) max = us }
	    END { if (min > 0) printf "kaoping us/row by size:%s; largest/smallest %.2fx\n", \
		line, max / min }' "$work/kaoping.sizes"
fi
