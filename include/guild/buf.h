/* A growable byte buffer that is always NUL-terminated. */
#ifndef GUILD_BUF_H
#define GUILD_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "util.h"

/*
 * Appends never abort: when memory runs out the buffer sets failed and
 * ignores further appends, so a server handler checks failed once at the
 * end and answers 500 instead of dying. data is NULL until the first
 * append; use buf_str() for a string that is never NULL.
 */
struct buf {
	char	*data;
	size_t	 len;
	size_t	 cap;
	int	 failed;
};

#define BUF_INIT { NULL, 0, 0, 0 }

void		 buf_init(struct buf *);
void		 buf_release(struct buf *);
void		 buf_reset(struct buf *);
int		 buf_grow(struct buf *, size_t extra);
int		 buf_add(struct buf *, const void *, size_t);
int		 buf_adds(struct buf *, const char *);
int		 buf_addc(struct buf *, char);
int		 buf_printf(struct buf *, const char *, ...) G_PRINTF(2, 3);
int		 buf_vprintf(struct buf *, const char *, va_list);
const char	*buf_str(const struct buf *);
/* Hands the data to the caller, who frees it; never NULL unless failed. */
char		*buf_detach(struct buf *);

#endif
