/*
 * Private to libguild's codec files (model.c, model-events.c,
 * model-inbox.c, insights.c): the decoding helpers and the page codec
 * generator they share.
 */
#ifndef GUILD_MODEL_PRIV_H
#define GUILD_MODEL_PRIV_H

#include <stdlib.h>
#include <string.h>
#include <jansson.h>

#include "guild/err.h"

/*
 * Copies string member key of o into *out (NULL when absent or null).
 * A required member that is missing, or a member of the wrong type, fails
 * with GERR_PROTO naming what.
 */
int	 mdl_get_str(const json_t *o, const char *key, int required,
	    char **out, const char *what, struct gerr *err);
/* The same for an integer; *out is left alone when absent or null. */
int	 mdl_get_int(const json_t *o, const char *key, int required,
	    int64_t *out, const char *what, struct gerr *err);
/* Sets *out from a boolean member; anything else leaves it alone. */
int	 mdl_get_bool(const json_t *o, const char *key, int *out);
/* json_string that tolerates NULL (as JSON null). */
json_t	*mdl_str_or_null(const char *s);

typedef int page_item_decode(const json_t *, void *, struct gerr *);
typedef void page_item_release(void *);

/*
 * Reads a page (items, next_cursor, has_more) whose items are decoded by
 * dec into an array of elements of size bytes. On failure everything
 * decoded so far is released and *items is NULL. 0 or -1 with err.
 */
int	 mdl_page_decode(const json_t *o, const char *what, size_t size,
	    page_item_decode *dec, page_item_release *rel, void **items,
	    size_t *n, char **next_cursor, int *has_more, struct gerr *err);

/*
 * The typed page codecs. Each page struct is {items, n, next_cursor,
 * has_more}; page_decode does the work, these give it the item codec.
 */
#define PAGE_CODEC(page, item, what)					\
static int								\
page##_item_dec(const json_t *o, void *p, struct gerr *err)		\
{									\
	return item##_from_json(o, p, err);				\
}									\
									\
static void								\
page##_item_rel(void *p)						\
{									\
	item##_release(p);						\
}									\
									\
int									\
page##_page_from_json(const json_t *o, struct page##_page *p,		\
    struct gerr *err)							\
{									\
	void	*items;							\
	int	 rc;							\
									\
	memset(p, 0, sizeof *p);					\
	rc = mdl_page_decode(o, what, sizeof *p->items, page##_item_dec,	\
	    page##_item_rel, &items, &p->n, &p->next_cursor,		\
	    &p->has_more, err);						\
	p->items = items;						\
	return rc;							\
}									\
									\
void									\
page##_page_release(struct page##_page *p)				\
{									\
	size_t	i;							\
									\
	for (i = 0; i < p->n; i++)					\
		item##_release(&p->items[i]);				\
	free(p->items);							\
	free(p->next_cursor);						\
	memset(p, 0, sizeof *p);					\
}


#endif
