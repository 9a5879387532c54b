/* RFC 3339 timestamps for the wire and short relative ages for people. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "guild/timeutil.h"

char *
time_rfc3339(time_t t, char *out, size_t outsz)
{
	struct tm	tm;

	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(out, outsz, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0) {
		if (outsz > 0)
			out[0] = '\0';
	}
	return out;
}

static int
digits(const char *s, int n, int *out)
{
	int	i, v = 0;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int
time_parse_rfc3339(const char *s, time_t *out)
{
	struct tm	 tm;
	int		 y, mo, d, h, mi, se, oh, om, off = 0;
	const char	*p;

	if (strlen(s) < 20 || digits(s, 4, &y) || s[4] != '-' ||
	    digits(s + 5, 2, &mo) || s[7] != '-' || digits(s + 8, 2, &d) ||
	    (s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
	    digits(s + 11, 2, &h) || s[13] != ':' || digits(s + 14, 2, &mi) ||
	    s[16] != ':' || digits(s + 17, 2, &se))
		return -1;
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 ||
	    se > 60)
		return -1;
	p = s + 19;
	if (*p == '.') {
		p++;
		if (*p < '0' || *p > '9')
			return -1;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p == 'Z' || *p == 'z')
		p++;
	else if (*p == '+' || *p == '-') {
		if (digits(p + 1, 2, &oh) || p[3] != ':' || digits(p + 4, 2, &om))
			return -1;
		off = (oh * 60 + om) * 60 * (*p == '+' ? 1 : -1);
		p += 6;
	} else
		return -1;
	if (*p != '\0')
		return -1;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = se;
	*out = timegm(&tm) - off;
	return 0;
}

char *
time_ago(time_t then, time_t now, char *out, size_t outsz)
{
	long long	d = (long long)now - (long long)then;
	struct tm	tm;

	if (d < 60)
		snprintf(out, outsz, "just now");
	else if (d < 3600)
		snprintf(out, outsz, "%lldm", d / 60);
	else if (d < 86400)
		snprintf(out, outsz, "%lldh", d / 3600);
	else if (d < 7 * 86400)
		snprintf(out, outsz, "%lldd", d / 86400);
	else if (d < 8 * 7 * 86400)
		snprintf(out, outsz, "%lldw", d / (7 * 86400));
	else if (gmtime_r(&then, &tm) != NULL)
		strftime(out, outsz, "%Y-%m-%d", &tm);
	else
		snprintf(out, outsz, "?");
	return out;
}
