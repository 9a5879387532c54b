/* Small allocation and parsing helpers shared by guild and guildd. */
#ifndef GUILD_UTIL_H
#define GUILD_UTIL_H

#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__) || defined(__clang__)
#define G_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define G_UNUSED __attribute__((unused))
#define G_NONNULL(...) __attribute__((nonnull(__VA_ARGS__)))
#else
#define G_PRINTF(f, a)
#define G_UNUSED
#define G_NONNULL(...)
#endif

#define G_NELEM(a) (sizeof(a) / sizeof((a)[0]))

/*
 * The x* allocators print a message and exit(1) when memory runs out.
 * Only the client uses them; guildd checks every allocation and fails the
 * request instead (see buf.h for the failed flag).
 */
void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
char	*xasprintf(const char *, ...) G_PRINTF(1, 2) G_NONNULL(1);

/* Frees *pp and sets it to NULL (NeoMutt's FREE). */
void	 free_and_null(void *pp);
#define FREE(pp) free_and_null(pp)

/* strdup that returns NULL for NULL input and on OOM (server-safe). */
char	*str_dup_or_null(const char *);

/*
 * Parses a whole decimal integer in [min, max]. Returns 0 and sets *out,
 * or -1 when s is empty, has trailing garbage or is out of range.
 */
int	 parse_int64(const char *s, int64_t min, int64_t max, int64_t *out);

/* Constant-time comparison of two byte strings of the same length. */
int	 mem_equal_ct(const void *, const void *, size_t);

/* Returns 1 if s starts with prefix. */
int	 str_starts(const char *s, const char *prefix);

#endif
