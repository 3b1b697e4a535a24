/*
 * team.c - the processes of a run: MPI ranks in a build made with
 * `make MPI=1` (NINES_MPI), else this process alone. The engines see
 * only a nines_team (include/nines_control.h); this file is the one place
 * that calls MPI, so the library and every other build stay free of it.
 * Calls come from the main thread outside parallel regions, which is what
 * MPI_THREAD_FUNNELED promises.
 */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>

#ifdef NINES_MPI
#include <mpi.h>

/* MPI counts are ints: sum long arrays in pieces. */
#define PIECE ((size_t)1 << 26)

static int allreduce_sum(void *v, size_t n, size_t size, MPI_Datatype type)
{
	for (size_t i = 0; i < n; i += PIECE) {
		int k = (int)(n - i < PIECE ? n - i : PIECE);
		if (MPI_Allreduce(MPI_IN_PLACE, (char *)v + i * size, k, type,
				  MPI_SUM, MPI_COMM_WORLD) != MPI_SUCCESS)
			return -1;
	}
	return 0;
}

static int sum_u64(void *ctx, uint64_t *v, size_t n)
{
	(void)ctx;
	return allreduce_sum(v, n, sizeof *v, MPI_UINT64_T);
}

static int sum_f64(void *ctx, double *v, size_t n)
{
	(void)ctx;
	return allreduce_sum(v, n, sizeof *v, MPI_DOUBLE);
}

static int started;
static nines_team the_team = { 0, 1, NULL, NULL, NULL };

const nines_team *cli_team(void)
{
	return &the_team;
}

void cli_team_start(int *argc, char ***argv)
{
	nines_team *team = &the_team;
	int provided = 0, rank = 0, size = 1;
	if (MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided) == MPI_SUCCESS) {
		started = 1;
		MPI_Comm_rank(MPI_COMM_WORLD, &rank);
		MPI_Comm_size(MPI_COMM_WORLD, &size);
	}
	*team = (nines_team){ rank, size, sum_u64, sum_f64, NULL };
	/* Only rank 0 speaks on stdout; errors stay on every rank's stderr. */
	if (rank != 0 && !freopen("/dev/null", "w", stdout))
		fclose(stdout);
}

void cli_team_finish(int status)
{
	const nines_team *team = &the_team;
	if (!started)
		return;
	/* A rank that fails alone (a run-time failure: usage errors and
	 * stops happen on every rank alike) would leave the others waiting
	 * in a collective forever: take the whole job down with it. */
	if (status == EXIT_RUNTIME && team->size > 1)
		MPI_Abort(MPI_COMM_WORLD, status);
	MPI_Finalize();
}

#else

static const nines_team alone = { 0, 1, NULL, NULL, NULL };

const nines_team *cli_team(void)
{
	return &alone;
}

void cli_team_start(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
}

void cli_team_finish(int status)
{
	(void)status;
}

#endif
