// SPDX-License-Identifier: GPL-2.0-only
/*
 * sd_restrict_fs OBJ: load the BPF object of systemd's
 * RestrictFileSystems= (its LSM program restrict_filesystems, whose ELF
 * object systemd's libsystemd-core embeds) with libbpf, as systemd's
 * restrict-fs setup does: its hash of maps "cgroup_hash" gets a size and
 * an inner map first, which a plain "bpftool prog load" cannot give it.
 * Prints the loaded program's name and exits, which frees it: the point is
 * the load, which bpfseal records with the program's digest (map
 * references masked, so the maps made here do not change it).
 */
#include <stdio.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

int main(int argc, char **argv)
{
	struct bpf_program *prog;
	struct bpf_object *obj;
	struct bpf_map *map;
	int inner, err;

	if (argc != 2) {
		fprintf(stderr, "usage: sd_restrict_fs OBJ\n");
		return 64;
	}
	obj = bpf_object__open_file(argv[1], NULL);
	if (!obj) {
		fprintf(stderr, "sd_restrict_fs: cannot open %s\n", argv[1]);
		return 1;
	}
	map = bpf_object__find_map_by_name(obj, "cgroup_hash");
	if (!map) {
		fprintf(stderr, "sd_restrict_fs: %s has no map cgroup_hash\n", argv[1]);
		bpf_object__close(obj);
		return 1;
	}
	/* systemd: 2048 cgroups, each a set of 128 file system magics */
	inner = bpf_map_create(BPF_MAP_TYPE_HASH, NULL, sizeof(__u32),
			       sizeof(__u32), 128, NULL);
	if (inner < 0 || bpf_map__set_max_entries(map, 2048) ||
	    bpf_map__set_inner_map_fd(map, inner)) {
		fprintf(stderr, "sd_restrict_fs: cannot set up cgroup_hash\n");
		err = 1;
		goto out;
	}
	err = bpf_object__load(obj);
	if (err) {
		fprintf(stderr, "sd_restrict_fs: load refused: %d\n", err);
		err = 1;
		goto out;
	}
	bpf_object__for_each_program(prog, obj)
		printf("loaded %s\n", bpf_program__name(prog));
out:
	bpf_object__close(obj);
	if (inner >= 0)
		close(inner);
	return err;
}
