// SPDX-License-Identifier: GPL-2.0-only
/*
 * mapswap: a root attacker swaps a map of its own into the fd table of a
 * running signed light-skeleton loader (tests/guest/attack-mapswap.sh).
 *
 *   mapswap KEYRING SECONDS KINDS MIN
 *
 * The signed loader (signed_hello.ours.lskel.h, run by bpf_load_and_run())
 * creates the skeleton's maps through bpf_sys_bpf() in this process's fd
 * table (in the order sized, .rodata, .data, .bss; .rodata filled and
 * frozen before .data is created), keeps each fd number in its blob and
 * uses the numbers later in the same run: the initial values, the freeze,
 * and last the fd_array of the nested load of on_getpid, which binds
 * .rodata, .data and .bss. A second thread, pinned to CPU 1, polls a map
 * slot (fcntl F_GETFD) and dup2()s another map over a slot the moment it
 * opens, then opens every new program by id (another task trying to get
 * the program before the loader does). KINDS, comma separated, says what
 * it swaps in:
 *
 *   fresh  a map the attacker created for this try (an ARRAY of one
 *          entry, as .rodata: mmapable, read-only to programs, its
 *          contents the attacker's until the loader's own write and
 *          freeze land in it), over the .rodata slot as soon as it opens
 *          (the earliest slot on_getpid binds: the widest window)
 *   old    the .data map of an earlier load of the same signed skeleton,
 *          kept open and its value rewritten by the attacker, over the
 *          .data slot as soon as it opens
 *   cross  the .data map the loader created in the same run, over the
 *          .rodata slot as soon as the .data slot opens (.rodata is then
 *          filled and frozen): on_getpid reads its constants from a map
 *          the attacker can write. (The map "sized" cannot stand in: the
 *          verifier takes a map value's address only in a map of one
 *          entry, and refuses the load with ENOTSUPP.)
 *   exchange  the .rodata and .data maps of the same run exchanged (three
 *          dup2()s through a spare fd) as soon as the .bss slot opens
 *          (both are filled by then): on_getpid reads its constants from
 *          .data and its variable from .rodata, binding the same maps
 *          in other places
 *
 * One try in five (kind "none") the attacker does nothing: those loads
 * are the control and must load and bind their own maps.
 *
 * Until every kind has hit the window MIN times (won or refused) or
 * SECONDS have passed, one try after another: open and load the
 * skeleton (each try loads a fresh signed loader), then read the map ids
 * of the program it created, and of any program the second thread opened
 * by id: each instruction that loads a map value's address must load it
 * from the map the same instruction loads it from in a load left alone
 * (by name: the skeleton's .rodata, .data or .bss, read from the
 * program's translated instructions), none may be the attacker's, and the
 * program must bind those three maps. Counts, per kind: tries, runs in
 * which the attacker swapped a map in, wins (a program bound what it must
 * not; "stolen": the second thread had it by id), refusals (the load
 * failed with EPERM after a swap), late swaps (the loader's run succeeded
 * with its own maps: the swap came after the verifier had bound them),
 * clean loads and other failures.
 *
 * Exit status: 0 the attack lost; 1 it won; 3 some kind hit the window
 * fewer than MIN times (the swap hardly ever came in time: the race
 * hardly happened); 4 a control load failed or bound something else; 2
 * setup error; 64 usage.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "signed_hello.ours.lskel.h"
#include "signed_hello.h"

enum kind { K_NONE, K_FRESH, K_OLD, K_CROSS, K_EXCHANGE, NR_KINDS };
static const char *const kind_name[NR_KINDS] = {
	"none", "fresh", "old", "cross", "exchange",
};

/* The attacker's own fds live from here up, out of the loader's way. */
#define HIGH_FD		200
#define EVIL_FD		(HIGH_FD + 10)	/* this try's fresh map */
#define SPARE_FD	(HIGH_FD + 20)	/* for the exchange */
#define MAX_BOUND	8
#define MAX_LOADS	16	/* map value loads in on_getpid */
#define MAX_DONE	8	/* programs the thief looks at per try */
#define MAX_PRINTS	8
#define EVIL_MAGIC	0xbad	/* what the attacker's .rodata holds */
#define OLD_STEP	1000	/* what the attacker writes into the old .data */
#define CONTROL_EVERY	5	/* one try in this many is left alone */

/* fd numbers the loader's maps get, and their names, from a dry run. */
static int slot_sized, slot_rodata, slot_data, slot_bss, slot_lo, slot_hi;
static char name_rodata[BPF_OBJ_NAME_LEN], name_data[BPF_OBJ_NAME_LEN],
	    name_bss[BPF_OBJ_NAME_LEN];
/* The maps on_getpid's map value loads name, in order, left alone. */
static char want_loads[MAX_LOADS][BPF_OBJ_NAME_LEN];
static int nr_want_loads;
/* The attacker's maps: this try's own (fresh), an earlier load's .data. */
static int old_fd;
static atomic_uint evil_id;
static __u32 old_id;

/*
 * What the attacker does per kind: when @watch opens, dup2(@src, @target)
 * (exchange: @src and @target exchanged).
 */
struct plan {
	int watch, target, src;
};
static struct plan plans[NR_KINDS];

struct stats {
	long tries, swapped, won, stolen, refused, late, ok, failed;
};
static struct stats stats[NR_KINDS];

/*
 * Try generation being loaded (0: none), and the attacker's progress:
 * the last try it picked up, the last it is done with, the last it
 * swapped a map in, the last in which it opened a program by id that bound
 * what it must not. The main thread waits for the attacker only in a try
 * it picked up: it may not even see a try that ends quickly.
 */
static atomic_uint armed, picked, acked, swapped, stolen;
static atomic_int cur_kind, stop;
static atomic_uint floor_id;	/* program ids up to here are older */

static int keyring;
static atomic_int prints;	/* lines about single tries, both threads */

static int bpf_info(int fd, void *info, __u32 len)
{
	union bpf_attr a;

	memset(&a, 0, sizeof(a));
	a.info.bpf_fd = fd;
	a.info.info_len = len;
	a.info.info = (unsigned long)info;
	return skel_sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &a, sizeof(a));
}

static int map_info(int fd, struct bpf_map_info *info)
{
	memset(info, 0, sizeof(*info));
	return bpf_info(fd, info, sizeof(*info));
}

/* Map @id's name in @name ("?" if it cannot be opened). */
static void map_name(__u32 id, char *name)
{
	struct bpf_map_info mi;
	int fd = skel_map_get_fd_by_id(id);

	strcpy(name, "?");
	if (fd >= 0 && !map_info(fd, &mi))
		memcpy(name, mi.name, BPF_OBJ_NAME_LEN);
	if (fd >= 0)
		close(fd);
}

/*
 * The maps program @fd's map value loads name, in order: their ids in
 * @ids (the translated instructions carry them); how many, -1 if the
 * kernel shows no translated instructions.
 */
static int value_loads(int fd, __u32 *ids)
{
	struct bpf_insn insns[256];
	struct bpf_prog_info pi;
	__u32 i, n = 0;

	memset(&pi, 0, sizeof(pi));
	pi.xlated_prog_len = sizeof(insns);
	pi.xlated_prog_insns = (unsigned long)insns;
	if (bpf_info(fd, &pi, sizeof(pi)) || !pi.xlated_prog_len ||
	    pi.xlated_prog_len > sizeof(insns))
		return -1;
	for (i = 0; i + 1 < pi.xlated_prog_len / sizeof(insns[0]); i++) {
		if (insns[i].code != (BPF_LD | BPF_IMM | BPF_DW))
			continue;
		if (insns[i].src_reg == BPF_PSEUDO_MAP_VALUE && n < MAX_LOADS)
			ids[n++] = insns[i].imm;
		i++;
	}
	return n;
}

/*
 * Does program @fd bind a map it must not? Its map value loads must name
 * the maps a load left alone names, in the same places (by name), none of
 * the attacker's; it must bind the skeleton's .rodata, .data and .bss.
 * Says why in @why.
 */
static int bad_binding(int fd, char *why, size_t n)
{
	__u32 ids[MAX_BOUND], loads[MAX_LOADS], i, evil = atomic_load(&evil_id);
	char name[BPF_OBJ_NAME_LEN];
	struct bpf_prog_info pi;
	int seen = 0, bit, nl;

	memset(&pi, 0, sizeof(pi));
	pi.nr_map_ids = MAX_BOUND;
	pi.map_ids = (unsigned long)ids;
	if (bpf_info(fd, &pi, sizeof(pi))) {
		snprintf(why, n, "program info: errno %d", errno);
		return 0;
	}
	for (i = 0; i < pi.nr_map_ids && i < MAX_BOUND; i++) {
		if (ids[i] == evil || ids[i] == old_id) {
			snprintf(why, n, "bound map %u, the attacker's %s", ids[i],
				 ids[i] == evil ? "own map" :
				 "earlier load's .data");
			return 1;
		}
		map_name(ids[i], name);
		bit = !strcmp(name, name_rodata) ? 1 :
		      !strcmp(name, name_data) ? 2 :
		      !strcmp(name, name_bss) ? 4 : 0;
		if (!bit || (seen & bit)) {
			snprintf(why, n, "bound map %u '%s' in place of one of the skeleton's",
				 ids[i], name);
			return 1;
		}
		seen |= bit;
	}
	if (seen != 7) {
		snprintf(why, n, "bound %u maps, not the skeleton's .rodata, .data and .bss",
			 pi.nr_map_ids);
		return 1;
	}
	nl = value_loads(fd, loads);
	if (nl != nr_want_loads) {
		snprintf(why, n, "%d map value loads, %d when left alone", nl,
			 nr_want_loads);
		return 1;
	}
	for (i = 0; i < (__u32)nl; i++) {
		map_name(loads[i], name);
		if (strcmp(name, want_loads[i])) {
			snprintf(why, n, "map value load %u reads map %u '%s', not '%s'",
				 i, loads[i], name, want_loads[i]);
			return 1;
		}
	}
	return 0;
}

static void pin_cpu(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

/* The newest program id there is. */
static __u32 last_prog_id(void)
{
	union bpf_attr a;
	__u32 id = 0;

	for (;;) {
		memset(&a, 0, sizeof(a));
		a.start_id = id;
		if (skel_sys_bpf(BPF_PROG_GET_NEXT_ID, &a, sizeof(a)))
			return id;
		id = a.next_id;
	}
}

/*
 * Until try @g ends: open every program newer than floor_id by id, once,
 * and note the try if one named on_getpid binds a map it must not.
 */
static void steal(unsigned int g, int k)
{
	__u32 id, done[MAX_DONE];
	struct bpf_prog_info pi;
	int fd, ndone = 0, i;
	char why[160];
	union bpf_attr a;

	while (atomic_load(&armed) == g) {
		id = atomic_load(&floor_id);
		for (;;) {
			memset(&a, 0, sizeof(a));
			a.start_id = id;
			if (skel_sys_bpf(BPF_PROG_GET_NEXT_ID, &a, sizeof(a)))
				break;
			id = a.next_id;
			for (i = 0; i < ndone && done[i] != id; i++)
				;
			if (i < ndone)
				continue;
			memset(&a, 0, sizeof(a));
			a.prog_id = id;
			fd = skel_sys_bpf(BPF_PROG_GET_FD_BY_ID, &a, sizeof(a));
			if (fd < 0)
				continue;
			if (ndone < MAX_DONE)
				done[ndone++] = id;
			memset(&pi, 0, sizeof(pi));
			if (!bpf_info(fd, &pi, sizeof(pi)) &&
			    !strcmp(pi.name, "on_getpid") &&
			    bad_binding(fd, why, sizeof(why))) {
				atomic_store(&stolen, g);
				if (atomic_fetch_add(&prints, 1) < MAX_PRINTS)
					printf("%s: try %u: opened program %u by id: %s\n",
					       kind_name[k], g, id, why);
			}
			close(fd);
		}
	}
}

static void *attacker(void *arg)
{
	unsigned int g, last = 0;
	const struct plan *p;
	int k;

	(void)arg;
	pin_cpu(1);
	while (!atomic_load(&stop)) {
		g = atomic_load(&armed);
		if (!g || g == last)
			continue;
		atomic_store(&picked, g);
		k = atomic_load(&cur_kind);
		p = &plans[k];
		while (k != K_NONE && atomic_load(&armed) == g) {
			if (fcntl(p->watch, F_GETFD) < 0)
				continue;
			if (k == K_EXCHANGE) {
				dup2(p->target, SPARE_FD);
				dup2(p->src, p->target);
				dup2(SPARE_FD, p->src);
				close(SPARE_FD);
			} else {
				dup2(p->src, p->target);
			}
			atomic_store(&swapped, g);
			steal(g, k);
			break;
		}
		last = g;
		atomic_store(&acked, g);
	}
	return NULL;
}

/* A map fd moved up to HIGH_FD or above; its id in @id. */
static int keep_high(int fd, __u32 *id)
{
	struct bpf_map_info info;
	int high = fcntl(fd, F_DUPFD_CLOEXEC, HIGH_FD);

	if (high < 0 || map_info(high, &info)) {
		perror("mapswap: keep map");
		exit(2);
	}
	*id = info.id;
	return high;
}

static int update0(int fd, const void *value)
{
	int key = 0;

	return skel_map_update_elem(fd, &key, value, 0);
}

/*
 * This try's own map of the attacker's, at EVIL_FD: as .rodata, its
 * contents chosen. A new one each time, as the loader freezes the map it
 * finds in the .rodata slot.
 */
static void make_evil(void)
{
	struct signed_hello__rodata v = { .magic = EVIL_MAGIC };
	struct bpf_map_info info;
	union bpf_attr a;
	int fd;

	memset(&a, 0, sizeof(a));
	a.map_type = BPF_MAP_TYPE_ARRAY;
	a.key_size = 4;
	a.value_size = sizeof(v);
	a.max_entries = 1;
	a.map_flags = BPF_F_MMAPABLE | BPF_F_RDONLY_PROG;
	strcpy(a.map_name, "mapswap_evil");
	fd = skel_sys_bpf(BPF_MAP_CREATE, &a, sizeof(a));
	if (fd < 0 || update0(fd, &v) || dup2(fd, EVIL_FD) < 0 ||
	    map_info(EVIL_FD, &info)) {
		perror("mapswap: the attacker's map");
		exit(2);
	}
	close(fd);
	atomic_store(&evil_id, info.id);
}

static void copy_name(char *dst, int fd)
{
	struct bpf_map_info info;

	if (map_info(fd, &info)) {
		perror("mapswap: map info");
		exit(2);
	}
	memcpy(dst, info.name, BPF_OBJ_NAME_LEN);
}

/*
 * Load once without the attacker: the fd numbers the loader's maps get,
 * their names, and the .data map the "old" kind swaps in.
 */
static void dry_run(void)
{
	struct signed_hello__data step = { .step = OLD_STEP };
	struct signed_hello *skel = signed_hello__open();
	__u32 loads[MAX_LOADS];
	char why[160];
	int err, i;

	if (!skel) {
		perror("mapswap: open");
		exit(2);
	}
	skel->keyring_id = keyring;
	err = signed_hello__load(skel);
	if (err) {
		printf("mapswap: the signed skeleton does not load without the attacker: errno %d\n",
		       -err);
		exit(2);
	}
	slot_sized = skel->maps.sized.map_fd;
	slot_rodata = skel->maps.rodata.map_fd;
	slot_data = skel->maps.data.map_fd;
	slot_bss = skel->maps.bss.map_fd;
	slot_lo = slot_sized < slot_rodata ? slot_sized : slot_rodata;
	slot_hi = skel->progs.on_getpid.prog_fd;
	copy_name(name_rodata, slot_rodata);
	copy_name(name_data, slot_data);
	copy_name(name_bss, slot_bss);
	nr_want_loads = value_loads(slot_hi, loads);
	if (nr_want_loads <= 0) {
		printf("mapswap: no map value loads in on_getpid's translated instructions\n");
		exit(2);
	}
	for (i = 0; i < nr_want_loads; i++)
		map_name(loads[i], want_loads[i]);
	if (bad_binding(skel->progs.on_getpid.prog_fd, why, sizeof(why))) {
		printf("mapswap: dry run: %s\n", why);
		exit(2);
	}
	old_fd = keep_high(slot_data, &old_id);
	if (update0(old_fd, &step)) {
		perror("mapswap: rewrite the old .data");
		exit(2);
	}
	printf("dry run: fds sized %d, %s %d, %s %d, %s %d, on_getpid %d; %d map value loads; old .data map %u\n",
	       slot_sized, name_rodata, slot_rodata, name_data, slot_data,
	       name_bss, slot_bss, slot_hi, nr_want_loads, old_id);
	signed_hello__destroy(skel);
	plans[K_FRESH] = (struct plan){ slot_rodata, slot_rodata, EVIL_FD };
	plans[K_OLD] = (struct plan){ slot_data, slot_data, old_fd };
	plans[K_CROSS] = (struct plan){ slot_data, slot_rodata, slot_data };
	plans[K_EXCHANGE] = (struct plan){ slot_bss, slot_rodata, slot_data };
}

/*
 * Close whatever is left in the loader's fd range (a late dup2 over a
 * slot the failed loader had already closed), so every try gets the same
 * numbers.
 */
static void close_slots(void)
{
	int fd;

	for (fd = slot_lo; fd <= slot_hi + 4 && fd < HIGH_FD; fd++)
		close(fd);
}

static void one_try(int k, unsigned int g)
{
	struct stats *st = &stats[k];
	struct signed_hello *skel;
	char why[160] = "";
	int err, sw, bad = 0, pfd;

	if (k == K_FRESH)
		make_evil();
	skel = signed_hello__open();
	if (!skel) {
		perror("mapswap: open");
		exit(2);
	}
	skel->keyring_id = keyring;
	atomic_store(&floor_id, last_prog_id());
	atomic_store(&cur_kind, k);
	atomic_store(&armed, g);
	err = signed_hello__load(skel);
	atomic_store(&armed, 0);
	while (atomic_load(&picked) == g && atomic_load(&acked) != g)
		;
	sw = atomic_load(&swapped) == g;
	pfd = skel->progs.on_getpid.prog_fd;
	if (pfd > 0)
		bad = bad_binding(pfd, why, sizeof(why));
	st->tries++;
	st->swapped += sw;
	if (atomic_load(&stolen) == g) {
		st->stolen++;
		bad = 1;
	}
	if (bad) {
		st->won++;
		if (atomic_fetch_add(&prints, 1) < MAX_PRINTS)
			printf("%s: try %u: on_getpid %s (load %s) %s\n", kind_name[k],
			       g, pfd > 0 ? "loaded" : "was opened by id",
			       err ? "failed later" : "succeeded", why);
	} else if (!err || (sw && pfd > 0)) {
		/*
		 * The loader's run succeeded; a late swap can still fail the
		 * skeleton's own mmap of a swapped fd after it.
		 */
		if (sw)
			st->late++;
		else
			st->ok++;
	} else if (err == -EPERM && sw) {
		st->refused++;
	} else {
		st->failed++;
		if (atomic_fetch_add(&prints, 1) < MAX_PRINTS)
			printf("%s: try %u: load failed, errno %d, %s\n",
			       kind_name[k], g, -err,
			       sw ? "after a swap" : "nothing swapped");
	}
	signed_hello__destroy(skel);
	close_slots();
}

/* The kinds asked for, in @sel; how many. */
static int parse_kinds(const char *s, int *sel)
{
	char buf[64], *tok, *save;
	int n = 0, k;

	snprintf(buf, sizeof(buf), "%s", s);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		for (k = K_FRESH; k < NR_KINDS && strcmp(tok, kind_name[k]); k++)
			;
		if (k == NR_KINDS || n >= NR_KINDS)
			return -1;
		sel[n++] = k;
	}
	return n ? n : -1;
}

/* Tries in which the swap came in time: the attack won or was refused. */
static long hits(const struct stats *st)
{
	return st->won + st->refused;
}

static int all_hit(const int *sel, int nsel, int min)
{
	int i;

	for (i = 0; i < nsel; i++)
		if (hits(&stats[sel[i]]) < min)
			return 0;
	return 1;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	int sel[NR_KINDS], nsel, i, k, min;
	int won_any = 0, control_bad = 0, short_any = 0;
	unsigned int g = 0, n = 0;
	double end;
	pthread_t th;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc != 5 || (nsel = parse_kinds(argv[3], sel)) < 0) {
		fprintf(stderr, "usage: mapswap KEYRING SECONDS fresh,old,cross,exchange MIN\n");
		return 64;
	}
	keyring = atoi(argv[1]);
	min = atoi(argv[4]);
	pin_cpu(0);
	dry_run();
	if (pthread_create(&th, NULL, attacker, NULL))
		return 2;
	end = now() + atof(argv[2]);
	while (now() < end && !all_hit(sel, nsel, min)) {
		g++;
		k = g % CONTROL_EVERY == 1 ? K_NONE : sel[n++ % nsel];
		one_try(k, g);
	}
	atomic_store(&stop, 1);
	pthread_join(th, NULL);

	for (k = 0; k < NR_KINDS; k++) {
		struct stats *st = &stats[k];

		for (i = 0; i < nsel && sel[i] != k; i++)
			;
		if (k != K_NONE && i == nsel)
			continue;
		printf("%s: %ld tries, %ld swapped, %ld won (%ld stolen by id), %ld refused (EPERM), %ld late, %ld clean, %ld other failures\n",
		       kind_name[k], st->tries, st->swapped, st->won, st->stolen,
		       st->refused, st->late, st->ok, st->failed);
		if (k == K_NONE)
			control_bad = st->won || st->failed;
		else if (st->won)
			won_any = 1;
		else if (hits(st) < min)
			short_any = 1;
	}
	return won_any ? 1 : control_bad ? 4 : short_any ? 3 : 0;
}
