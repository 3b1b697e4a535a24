/*
 * quote.c - safe text for gnuplot, data files, Markdown and CSV (see
 * quote.h). Everything goes through next_char, which walks s one UTF-8
 * character at a time and says what to write for it; each format then
 * escapes the few ASCII characters its reader treats specially.
 */
#include "report/quote.h"

#include <string.h>

static const char replacement[] = "\xEF\xBF\xBD";	/* U+FFFD */
static const char ellipsis[] = "\xE2\x80\xA6";		/* U+2026 */

/* Length of the valid UTF-8 character at s (RFC 3629: no overlong
 * forms, no surrogates, nothing past U+10FFFF), or 0 when s starts with
 * an invalid byte. */
static size_t utf8_len(const unsigned char *s)
{
	unsigned char c = s[0];
	if (c < 0x80)
		return 1;
	size_t n;
	unsigned char lo = 0x80, hi = 0xBF;
	if (c >= 0xC2 && c <= 0xDF)
		n = 2;
	else if (c >= 0xE0 && c <= 0xEF) {
		n = 3;
		lo = c == 0xE0 ? 0xA0 : 0x80;
		hi = c == 0xED ? 0x9F : 0xBF;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4;
		lo = c == 0xF0 ? 0x90 : 0x80;
		hi = c == 0xF4 ? 0x8F : 0xBF;
	} else
		return 0;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < n; i++)
		if (s[i] < 0x80 || s[i] > 0xBF)
			return 0;
	return n;
}

/*
 * The character at *s: sets *out to what to write for it (the cleaned
 * character, *n bytes) and advances *s. keep_ctl: a control character is
 * kept rather than made a space. Returns 0 at the end of s.
 */
static int next_char(const char **s, const char **out, size_t *n, int keep_ctl)
{
	const unsigned char *p = (const unsigned char *)*s;
	if (!*p)
		return 0;
	size_t len = utf8_len(p);
	if (len == 0) {
		*out = replacement;
		*n = sizeof replacement - 1;
		*s += 1;
	} else if (!keep_ctl && (*p < 0x20 || *p == 0x7F)) {
		*out = " ";
		*n = 1;
		*s += 1;
	} else {
		*out = *s;
		*n = len;
		*s += len;
	}
	return 1;
}

/* Characters in s, counting an invalid byte as one. */
static size_t n_chars(const char *s)
{
	size_t k = 0;
	const char *c;
	size_t n;
	while (next_char(&s, &c, &n, 1))
		k++;
	return k;
}

char *nines_text_clip(char *buf, size_t len, const char *s, size_t max_chars)
{
	size_t o = 0, k = 0, n;
	const char *c;
	int cut = max_chars && n_chars(s) > max_chars;
	while (next_char(&s, &c, &n, 0) && !(cut && k == max_chars)) {
		if (o + n > len - 1) {
			cut = 1;
			break;
		}
		memcpy(buf + o, c, n);
		o += n;
		k++;
	}
	if (cut) {
		/* drop whole characters until the ellipsis fits */
		while (o > 0 && o + sizeof ellipsis > len)
			while (o > 0 && ((unsigned char)buf[--o] & 0xC0) == 0x80)
				;
		if (o + sizeof ellipsis <= len) {
			memcpy(buf + o, ellipsis, sizeof ellipsis - 1);
			o += sizeof ellipsis - 1;
		}
	}
	buf[o] = '\0';
	return buf;
}

/* The cleaned text of s, at most max_chars characters and "…" (0: all);
 * dat: for a gnuplot data file, which reads \x as x (so a backslash is
 * doubled) and a double quote as the start of a quoted field (so it
 * becomes '). */
static void put_clean(FILE *f, const char *s, size_t max_chars, int dat)
{
	const char *c;
	size_t n, k = 0;
	int cut = max_chars && n_chars(s) > max_chars;
	while (next_char(&s, &c, &n, 0) && !(cut && k == max_chars)) {
		if (dat && *c == '"')
			fputc('\'', f);
		else if (dat && *c == '\\')
			fputs("\\\\", f);
		else
			fwrite(c, 1, n, f);
		k++;
	}
	if (cut)
		fputs(ellipsis, f);
}

void nines_text_put(FILE *f, const char *s, size_t max_chars)
{
	put_clean(f, s, max_chars, 0);
}

void nines_gp_string(FILE *f, const char *s)
{
	const char *c;
	size_t n;
	fputc('\'', f);
	while (next_char(&s, &c, &n, 0)) {
		if (*c == '\'')
			fputc('\'', f);
		fwrite(c, 1, n, f);
	}
	fputc('\'', f);
}

void nines_dat_field(FILE *f, const char *s, size_t max_chars)
{
	if (!s[0])
		fputc('-', f);
	else
		put_clean(f, s, max_chars, 1);
}

void nines_md_text(FILE *f, const char *s)
{
	const char *c;
	size_t n;
	while (next_char(&s, &c, &n, 0)) {
		if (n == 1 && strchr("\\`*_[]<>|#~!&{}", *c))
			fputc('\\', f);
		fwrite(c, 1, n, f);
	}
}

void nines_md_code(FILE *f, const char *s)
{
	/* CommonMark: a code span ends at a backtick run as long as its
	 * opening one, so the fence is one longer than any run inside; a
	 * space pads it when the text starts or ends with a backtick. */
	size_t run = 0, longest = 0, len = strlen(s);
	for (const char *p = s; *p; p++) {
		run = *p == '`' ? run + 1 : 0;
		longest = run > longest ? run : longest;
	}
	int pad = len && (s[0] == '`' || s[len - 1] == '`');
	for (size_t i = 0; i <= longest; i++)
		fputc('`', f);
	if (pad)
		fputc(' ', f);
	const char *c;
	size_t n;
	while (next_char(&s, &c, &n, 0))
		fwrite(c, 1, n, f);
	if (pad)
		fputc(' ', f);
	for (size_t i = 0; i <= longest; i++)
		fputc('`', f);
}

void nines_csv_field(FILE *f, const char *s)
{
	if (!s)
		return;
	int formula = strchr("=+-@\t\r", s[0]) && s[0];
	int quote = strpbrk(s, ",\"\r\n") != NULL;
	if (quote)
		fputc('"', f);
	if (formula)
		fputc('\'', f);
	const char *c;
	size_t n;
	while (next_char(&s, &c, &n, 1)) {
		if (*c == '"')
			fputc('"', f);
		fwrite(c, 1, n, f);
	}
	if (quote)
		fputc('"', f);
}

const char *nines_term_text(char *buf, size_t len, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p && *p >= 0x20 && *p != 0x7f)
		p++;
	if (!*p)
		return s;
	size_t o = 0;
	for (p = (const unsigned char *)s; *p; p++) {
		char e[8];
		size_t k;
		if (*p == '\n' || *p == '\r' || *p == '\t' || *p == '\\')
			k = (size_t)snprintf(e, sizeof e, "\\%c",
					     *p == '\n' ? 'n' : *p == '\r' ? 'r' : *p == '\t' ? 't' : '\\');
		else if (*p < 0x20 || *p == 0x7f)
			k = (size_t)snprintf(e, sizeof e, "\\u%04x", *p);
		else
			e[0] = (char)*p, k = 1;
		if (o + k >= len)
			break;
		memcpy(buf + o, e, k);
		o += k;
	}
	/* a multi-byte character cut short at the end goes */
	size_t end = o;
	while (end > 0 && ((unsigned char)buf[end - 1] & 0x80)) {
		size_t start = end - 1;
		while (start > 0 && ((unsigned char)buf[start] & 0xC0) == 0x80)
			start--;
		unsigned char lead = (unsigned char)buf[start];
		size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
		if (end - start >= need)
			break;
		end = start;
	}
	buf[end] = '\0';
	return buf;
}

/* ---- XML (GraphML import), Graphviz DOT and Mermaid (issue 18) ---- */

void nines_xml_text(FILE *f, const char *s)
{
	const char *c;
	size_t n;
	while (next_char(&s, &c, &n, 0)) {
		if (*c == '&')
			fputs("&amp;", f);
		else if (*c == '<')
			fputs("&lt;", f);
		else if (*c == '>')
			fputs("&gt;", f);
		else if (*c == '"')
			fputs("&quot;", f);
		else if (*c == '\'')
			fputs("&apos;", f);
		else
			fwrite(c, 1, n, f);
	}
}

void nines_xml_comment(FILE *f, const char *s)
{
	const char *c;
	size_t n;
	char prev = ' ';
	while (next_char(&s, &c, &n, 0)) {
		if (*c == '-' && prev == '-')
			fputc(' ', f);
		fwrite(c, 1, n, f);
		prev = *c;
	}
	if (prev == '-')
		fputc(' ', f);
}

/* "..." with " and \\ escaped by a backslash: DOT's and YAML's rule. */
static void put_backslash_quoted(FILE *f, const char *s)
{
	const char *c;
	size_t n;
	fputc('"', f);
	while (next_char(&s, &c, &n, 0)) {
		if (*c == '"' || *c == '\\')
			fputc('\\', f);
		fwrite(c, 1, n, f);
	}
	fputc('"', f);
}

void nines_dot_string(FILE *f, const char *s)
{
	put_backslash_quoted(f, s);
}

void nines_mermaid_label(FILE *f, const char *s)
{
	const char *c;
	size_t n;
	fputc('"', f);
	while (next_char(&s, &c, &n, 0)) {
		if (n == 1 && strchr("\"#&<>`[]()", *c))
			fprintf(f, "#%d;", (unsigned char)*c);
		else
			fwrite(c, 1, n, f);
	}
	fputc('"', f);
}

void nines_yaml_string(FILE *f, const char *s)
{
	put_backslash_quoted(f, s);
}
