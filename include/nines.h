/*
 * nines.h - public API of libnines.
 *
 * The data flows one way: a GraphML file is loaded into a nines_model
 * (src/graph), the model is compiled into a flat topologically ordered
 * nines_compiled (src/sim/compile.c), engines evaluate the compiled form
 * (exact evaluator, steady-state Monte Carlo, SLO-window simulation) into
 * result structs, and src/report turns results into text, JSON and charts.
 * nines_run.h (src/run) chains them as `nines run` and `nines allocate`
 * do: one call, one result, its writers.
 *
 * Conventions, for every function below unless it says otherwise:
 * - an int return is a status: NINES_OK (0) or one of NINES_E*;
 * - `err` is a caller-owned buffer of NINES_ERRLEN bytes that receives a
 *   one-line message on failure ("file:line: node 'x': what is wrong"); it
 *   may be NULL when the caller does not want the message;
 * - the library never prints, exits or aborts;
 * - every _free(NULL) is a no-op;
 * - functions are thread-safe on distinct objects; a model or compiled
 *   model may be read concurrently by any number of threads.
 */
#ifndef NINES_H
#define NINES_H

#include <stddef.h>
#include <stdint.h>

#include "nines_export.h"

#ifdef __cplusplus
extern "C" {
#endif

#define NINES_VERSION "0.1.0"
#define NINES_ERRLEN 512

/*
 * The allocator behind every block libnines allocates itself, in the
 * manner of Lua's lua_Alloc: f(ud, NULL, n) returns a new block of n > 0
 * bytes, f(ud, p, n) resizes p (realloc semantics: NULL on failure, p
 * then unchanged), f(ud, p, 0) frees p and returns NULL. It must be safe
 * to call from several threads at once (engines allocate their
 * per-thread workspaces inside OpenMP teams).
 *
 * nines_set_allocator installs f with its ud (NULL f: malloc, realloc and
 * free, the default). It is process-wide, like libxml2's xmlMemSetup and
 * SQLite's SQLITE_CONFIG_MALLOC: call it before any other nines function
 * and before threads start, never while a nines object is alive, since a
 * block must be freed by the allocator that allocated it. libxml2's and
 * GSL's own allocations do not go through it (xmlMemSetup covers
 * libxml2's). An allocation that fails makes the call that needed it
 * return NINES_ENOMEM with a message, and leaves nothing allocated.
 */
typedef void *(*nines_allocator)(void *ud, void *ptr, size_t size);
NINES_API void nines_set_allocator(nines_allocator f, void *ud);

/* Status codes. The CLI maps EMODEL/EUSAGE to exit 2, the rest to exit 1. */
enum {
	NINES_OK = 0,
	NINES_EMODEL = 1,	/* the model file is malformed or invalid */
	NINES_EUSAGE = 2,	/* an argument is out of range */
	NINES_ENOMEM = 3,	/* allocation failed */
	NINES_EIO = 4,		/* reading or writing a file failed */
	NINES_ELIMIT = 5,	/* beyond a documented size limit (e.g. exact) */
	NINES_EINTERNAL = 6,	/* a computed number failed a sanity check */
	NINES_EINTR = 7		/* stopped on request (nines_control); the
				 * state is in the journal */
};

typedef enum {
	NINES_DIST_EXPONENTIAL = 0,
	NINES_DIST_WEIBULL,
	NINES_DIST_LOGNORMAL,
	NINES_DIST_FIXED	/* constant duration; repairs only */
} nines_dist;

typedef enum {
	NINES_REQ_ALL = 0,	/* every dependency must be up (series) */
	NINES_REQ_ANY,		/* one dependency suffices (parallel) */
	NINES_REQ_K		/* at least k dependencies (k-of-n) */
} nines_req;

/* One component of the architecture. Strings are owned by the model. */
typedef struct nines_node {
	char *id;		/* GraphML node id, unique */
	char *name;		/* display name: `name`, yEd label, else id */
	long line;		/* line of <node> in the source, 0 if none */

	/* Own failure model. has_failure is 0 for a pure gate, which never
	 * fails on its own; its availability is then 1. */
	int has_failure;
	double availability;	/* own steady-state availability in (0,1] */
	double mttf_h;		/* mean time to failure, hours; NAN if unknown */
	double mttr_h;		/* mean time to repair, hours; NAN if unknown */
	nines_dist failure_dist;
	nines_dist repair_dist;
	double failure_shape;	/* Weibull k or lognormal sigma; NAN if unset */
	double repair_shape;

	nines_req req;
	unsigned k;		/* for NINES_REQ_K */
	long req_line;		/* line of the `requires` data, for messages */

	double slo;		/* journey target in (0,1), NAN if not a journey */
	int fixed;		/* third party: allocation never changes it */

	size_t n_deps;		/* edges this -> dep ("this depends on dep") */
	size_t *deps;		/* model indices of the dependencies */
	long *dep_lines;	/* line of each edge */

	/* What is known about the availability (SPEC section 8), NAN where
	 * unset: evidence - `incidents` outages lasting `downtime_h` in
	 * total over `observed_h` hours - or a 90% range [availability_low,
	 * availability_high]. nines_model_finalize checks them and, where
	 * no availability or times are given, derives the central value
	 * (src/graph/evidence.c says how). */
	double incidents, downtime_h, observed_h;
	double availability_low, availability_high;
	/* Recovery (SPEC section 8; src/sim/recovery.c); 0 when not set. */
	double detect_s;	/* seconds until health checks notice a failure */
	double failover_s;	/* requires=any only: active-passive takeover time */
	/* Requests (SPEC section 7): NAN where unset. has_request says
	 * whether any of these, or of its calls', was given. */
	int has_request;
	double error_rate;	/* [0,1) while up; NAN: 0 */
	double latency_ms;	/* median own time; NAN: 0 */
	double latency_p99_ms;	/* NAN: own time fixed at latency_ms */
	double down_latency_ms;	/* NAN: 0 (refused at once) */
	double degraded;	/* share of time degraded, below availability */
	double degraded_latency_factor;	/* NAN: 1 */
	double degraded_error_rate;	/* NAN: error_rate */
	double degraded_mttr_h;	/* NAN: the node's repair time */
	double latency_slo_ms;	/* journey latency threshold */
	double latency_slo;	/* journey share within it, (0,1) */
	/* Per edge (parallel to deps), or NULL when no edge of this node
	 * carries a request attribute. */
	struct nines_call *calls;
} nines_node;

/* How a node calls one dependency (edge attributes of SPEC section 7). */
typedef struct nines_call {
	double timeout_ms;	/* NAN: none */
	unsigned retries;	/* further attempts, <= NINES_MAX_RETRIES */
	double backoff_ms;	/* wait before each retry, >= 0 */
	int soft;		/* the caller tolerates this call's failure */
	int has_order;
	long order;		/* calls of equal order go out together */
} nines_call;

#define NINES_MAX_RETRIES 100

typedef struct nines_tier {
	char name[32];
	double availability;
	double cost;		/* relative cost of promising this tier */
} nines_tier;

#define NINES_MAX_TIERS 16

/* The architecture: what a caller reads. Only nines_model_alloc (and the
 * loaders) make one - the id index and the capacities live past this
 * struct, in memory the model owns - so never declare or copy a
 * nines_model; change it only through the nines_model_* calls. */
typedef struct nines_model {
	char *source;		/* file name for messages */
	size_t n_nodes;
	nines_node *nodes;

	double window_days;	/* graph `window_days`, default 30 */
	size_t n_tiers;		/* graph `tiers`, default ultra/high/standard */
	nines_tier tiers[NINES_MAX_TIERS];

	/* Filled by nines_model_finalize: nodes with `slo`, or every root
	 * when none has one. */
	size_t n_journeys;
	size_t *journeys;

	/* Set by nines_model_finalize: some node or edge has a request
	 * attribute (SPEC section 7). */
	int has_requests;
} nines_model;

/* ---- model: building, validating, freeing (src/graph/model.c) ---- */

/* Allocates an empty model whose messages name `source`. NULL on ENOMEM. */
NINES_API nines_model *nines_model_alloc(const char *source);
NINES_API void nines_model_free(nines_model *m);

/* Appends a node with every attribute unset (no failure model, requires
 * all, no slo) and stores its index in *index. Fails with EMODEL when the
 * id is already used ("duplicate node id"). */
NINES_API int nines_model_add_node(nines_model *m, const char *id, long line,
			 size_t *index, char *err);

/* Finds a node by id; returns its index or (size_t)-1. O(1) expected. */
NINES_API size_t nines_model_find(const nines_model *m, const char *id);

/* Adds the edge from -> to (from depends on to). EMODEL on a duplicate
 * edge or a self-loop. */
NINES_API int nines_model_add_edge(nines_model *m, size_t from, size_t to, long line,
			 char *err);

/* Parses a tier list "ultra:0.9999,high:0.999,standard:0.99" (optional
 * ":cost" third field) into m->tiers, sorted by availability, highest
 * first. Costs default to the nines the tier buys: -log10(1 - A). */
NINES_API int nines_model_set_tiers(nines_model *m, const char *spec, char *err);

/* Validates the whole model and derives what follows from it: checks
 * ranges, k against the number of dependencies, leaves without a failure
 * model, availability vs mttf/mttr agreement, missing shapes, cycles
 * (naming them); sets availability from mttf/mttr where given and picks
 * the journeys. Every message names source:line and the node. */
NINES_API int nines_model_finalize(nines_model *m, char *err);

/* Sets the request attributes of the edge from -> from's dep slot `dep`
 * (0 .. n_deps-1, in the order the edges were added). Ranges are checked
 * by nines_model_finalize. EMODEL on a bad slot, ENOMEM. */
NINES_API int nines_model_set_call(nines_model *m, size_t from, size_t dep,
				   const nines_call *call, char *err);

/* Fills mttf_h/mttr_h of nodes that give only `availability` (or only
 * one of the two times), using the default repair time. */
NINES_API int nines_model_resolve_times(nines_model *m, double default_mttr_h,
			      char *err);

/*
 * Gives node i (model index) the own availability a in (0,1], keeping its
 * repair time: mttf_h = mttr_h a / (1 - a) (INFINITY for a = 1). For a
 * finalized model whose times are resolved (nines_model_resolve_times);
 * compile again afterwards. What `nines sweep` and `--uncertainty` vary.
 * EUSAGE when i is out of range, the node has no failure model or a is
 * not in (0,1].
 */
NINES_API int nines_model_set_availability(nines_model *m, size_t i, double a,
				 char *err);

/* ---- GraphML loader (src/graph/graphml.c) ---- */

/* Loads and finalizes a GraphML model. Never touches the network, never
 * expands entities, refuses entity declarations, never prints. On failure
 * *out is NULL and err names file, line and the node or edge; EIO when the
 * file cannot be read. The first call initializes libxml2 (xmlInitParser)
 * and must not race another thread's first use of libxml2: call it once
 * before starting threads. Later calls are thread-safe on distinct models.
 * Numbers are parsed with strtod: keep LC_NUMERIC at "C". */
NINES_API int nines_model_load(const char *path, nines_model **out, char *err);

/* Same, from memory; `source` names the buffer in messages. */
NINES_API int nines_model_load_memory(const char *buf, size_t len, const char *source,
			    nines_model **out, char *err);

/* ---- compiled model (src/sim/compile.c) ---- */

enum { NINES_GATE_LEAF = 0, NINES_GATE_AND, NINES_GATE_OR, NINES_GATE_KOFN };

/*
 * The model as the engines see it: nodes renumbered in topological order,
 * every node after all of its dependencies, so one forward pass evaluates
 * the structure. Indices below are topological ("t") indices.
 */
typedef struct nines_compiled {
	const nines_model *model;	/* borrowed, never NULL; must outlive this */
	uint32_t n;
	uint32_t *node_of;	/* t -> model index */
	uint32_t *t_of;		/* model index -> t */
	uint8_t *gate;		/* NINES_GATE_* */
	uint32_t *k;		/* deps that must be up (AND: n_deps, OR: 1) */
	uint32_t *dep_start;	/* deps of t: dep[dep_start[t] .. dep_start[t+1]) */
	uint32_t *dep;
	uint32_t *par_start;	/* dependents of t, same layout */
	uint32_t *par;
	double *avail;		/* own availability (1 for pure gates) */
	uint32_t n_fail;	/* nodes with a failure model */
	uint32_t *fail;		/* their t indices, ascending */
	uint32_t n_journeys;
	uint32_t *journey;	/* t index of each journey, model order */
	/* cone[j] : t indices the journey depends on (itself included),
	 * ascending; cone_start like dep_start. */
	uint32_t *cone_start;
	uint32_t *cone;
	/* Recovery episodes and what-if states (src/sim/recovery.h); NULL
	 * when the model has none. Owned. */
	struct nines_overlay *overlay;
} nines_compiled;

/* Most cone entries (sum over journeys of the nodes each depends on, at
 * 4 bytes each: 256 MB) nines_model_compile builds. */
#define NINES_MAX_CONE_ENTRIES 64000000

/* Compiles a finalized model into *out (free with nines_compiled_free);
 * m must outlive it. EMODEL on a cycle, ELIMIT beyond the node, edge or
 * cone-entry limits (checked before the cones are allocated), ENOMEM. */
NINES_API int nines_model_compile(const nines_model *m, nines_compiled **out, char *err);
NINES_API void nines_compiled_free(nines_compiled *c);

/* ---- exact evaluation (src/sim/exact.c) ---- */

/* Nodes of a journey's decision diagram beyond which the exact evaluator
 * stops building it (about 40 bytes and well under a microsecond each)
 * and conditions on the shared nodes instead. */
#define NINES_EXACT_BDD_NODES (1u << 20)

/* Shared nodes the conditioning fallback handles (it costs ~2^shared). */
#define NINES_EXACT_MAX_SHARED 24

/*
 * Exact probability that journey j (0 .. n_journeys-1) is up, when every
 * node t is up on its own with probability avail[t] (t-indexed; pass
 * c->avail for the model's values) independently. The journey's failure
 * function as a binary decision diagram (shared nodes are variables read
 * by several gates; the cost follows the diagram's size; the depth-first
 * variable order, then the FORCE order when that one does not fit); when the
 * diagram exceeds NINES_EXACT_BDD_NODES nodes, conditioning on the shared
 * nodes. Fails with ELIMIT when neither fits (the diagram is too large
 * and there are more than NINES_EXACT_MAX_SHARED shared nodes).
 * Thread-safe; allocates a workspace per call.
 */
NINES_API int nines_exact_availability(const nines_compiled *c, uint32_t j,
			     const double *avail, double *out, char *err);

/* Number of shared nodes in journey j's cone (what the limit counts). */
NINES_API uint32_t nines_exact_shared_count(const nines_compiled *c, uint32_t j);

/* ---- statistics (src/sim/stats.c) ---- */

/* Wilson score interval for a binomial proportion x/n at the given
 * confidence level (0.95). With n == 0 the interval is [0,1]. */
NINES_API void nines_stats_wilson(uint64_t x, uint64_t n, double level, double *lo,
		     double *hi);

/* ---- steady-state Monte Carlo (src/sim/steady.c) ---- */

typedef struct nines_estimate {
	double estimate;	/* availability */
	double ci95_low;
	double ci95_high;
} nines_estimate;

/* Steady-state scenarios when none are asked for: `nines run` and
 * `nines allocate` without --scenarios, and a zeroed options struct. */
#define NINES_DEFAULT_SCENARIOS UINT64_C(10000000)

/* A zeroed struct means the defaults: seed 0, NINES_DEFAULT_SCENARIOS,
 * the OpenMP thread count, alone and silent. */
typedef struct nines_steady_opts {
	uint64_t seed;
	uint64_t n_scenarios;	/* 0: NINES_DEFAULT_SCENARIOS */
	int threads;		/* 0: OpenMP default */
	/* Team, progress, checkpoints (nines_control.h); NULL: alone,
	 * silent, never interrupted. */
	const struct nines_control *control;
} nines_steady_opts;

typedef struct nines_steady_result {
	uint32_t n_journeys;
	uint64_t n_scenarios;
	uint64_t *up;		/* scenarios in which journey j was up */
	nines_estimate *availability;	/* per journey, Wilson 95% */
	double seconds;		/* wall time of the sampling */
} nines_steady_result;

/*
 * Draws n_scenarios independent scenarios (every node up on its own with
 * its availability) and counts, per journey, those in which it is up.
 * Scenarios are processed in fixed blocks; block b draws from the stream
 * (seed, b), so results do not depend on the thread count. Thread-safe.
 */
NINES_API int nines_steady_run(const nines_compiled *c, const nines_steady_opts *o,
		     nines_steady_result *r, char *err);
NINES_API void nines_steady_result_release(nines_steady_result *r);

#ifdef __cplusplus
}
#endif

/* Module headers that extend this API. */
#include "nines_control.h"
#include "nines_exact.h"
#include "nines_window.h"
#include "nines_steady.h"
#include "nines_importance.h"
#include "nines_allocation.h"
#include "nines_request.h"
#include "nines_run.h"

#endif
