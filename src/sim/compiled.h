/*
 * compiled.h - what the engines read of the model behind a compiled model
 * (not installed): its source name for messages and a node's record (id,
 * name, line, failure model) by topological index.
 *
 * c->model is never NULL: nines_model_compile is the only way to a
 * nines_compiled and it sets it (the model must outlive the compiled
 * form), so the engines read it without checking; these accessors are the
 * one place that reads c->model->nodes by a topological index.
 */
#ifndef NINES_SIM_COMPILED_H
#define NINES_SIM_COMPILED_H

#include "nines.h"

/* The model's source (file name), for messages. */
static inline const char *nines_compiled_source(const nines_compiled *c)
{
	return c->model->source;
}

/* The model's record of node t (topological index). */
static inline const nines_node *nines_compiled_node(const nines_compiled *c,
						    uint32_t t)
{
	return &c->model->nodes[c->node_of[t]];
}

/* Node t's display name. */
static inline const char *nines_compiled_name(const nines_compiled *c,
					      uint32_t t)
{
	return nines_compiled_node(c, t)->name;
}

/* NINES_OK when j names a journey of c; else NINES_EUSAGE with the message
 * every per-journey call gives. */
int nines_compiled_check_journey(const nines_compiled *c, uint32_t j,
				 char *err);

/* Journey j's cone: its topological indices, ascending; *n of them. */
static inline const uint32_t *nines_compiled_cone(const nines_compiled *c,
						  uint32_t j, uint32_t *n)
{
	*n = c->cone_start[j + 1] - c->cone_start[j];
	return c->cone + c->cone_start[j];
}

#endif
