/*
 * quote.h - the one place where text that nines does not control (node,
 * journey and tier names, ids, the model's file name, the command line)
 * is made safe for the program that reads each output: gnuplot scripts
 * and data files, Markdown, CSV. Every writer of src/report puts such
 * text into a file only through these functions (issue 19).
 *
 * The rule for every format starts from the same cleaned text: each
 * valid UTF-8 character as it is, an invalid byte as U+FFFD, and a
 * control character (C0 and DEL: newline, tab, CR...) as a space, so no
 * name can end a line, a command or a row. CSV keeps control characters
 * (quoted, RFC 4180) so that the file parses back to the model's names.
 *
 * All functions are thread-safe; they write to f and check nothing: the
 * caller's nines_outfile checks every write at commit.
 */
#ifndef NINES_REPORT_QUOTE_H
#define NINES_REPORT_QUOTE_H

#include <stddef.h>
#include <stdio.h>

/*
 * Copies the cleaned text of s into buf (len > 0 bytes, always
 * terminated): at most max_chars characters, then "…" when s is longer
 * (max_chars 0: no limit but len), never cutting a character in two.
 * Returns buf. For names inside titles, alt texts and comments.
 */
char *nines_text_clip(char *buf, size_t len, const char *s, size_t max_chars);

/* Writes the cleaned text of s (at most max_chars characters and "…";
 * 0: all). For comment lines of data files. */
void nines_text_put(FILE *f, const char *s, size_t max_chars);

/*
 * Writes s as one gnuplot string constant: single-quoted, a quote
 * doubled, the text cleaned. gnuplot performs no backquote (command)
 * substitution, no @ macro expansion and no backslash processing inside
 * single quotes (gnuplot manual: "quote marks", "substitution"), and a
 * cleaned text cannot end the line, so the string is only ever text. The
 * templates draw such strings `noenhanced`, use them as values (never
 * with eval, @ or as a format) and build macros from fixed text only.
 */
void nines_gp_string(FILE *f, const char *s);

/*
 * Writes s as one field of a tab-separated data file that gnuplot reads
 * (labels, tick names): cleaned, at most max_chars characters and "…"
 * (0: all), a double quote as ' (gnuplot would read it as a quoted
 * field), a backslash doubled (gnuplot reads \x as x), "-" for an empty
 * string. Data-file text is never executed.
 */
void nines_dat_field(FILE *f, const char *s, size_t max_chars);

/*
 * Writes s as Markdown text: cleaned, with a backslash before every
 * ASCII punctuation character that could start markup (\ ` * _ [ ] < >
 * | # ~ ! & { }), so a name cannot open a table cell, a heading, a link
 * or an image, emphasis, a code span, an entity or raw HTML.
 */
void nines_md_text(FILE *f, const char *s);

/* Writes s as a Markdown code span: cleaned, between backtick fences
 * longer than any run of backticks in s. */
void nines_md_code(FILE *f, const char *s);

/*
 * Writes s as one CSV field (RFC 4180): quoted when it holds a comma,
 * a double quote (doubled), CR or LF; a field that starts with = + - @,
 * tab or CR gets a leading ' so that no spreadsheet reads it as a
 * formula (OWASP "CSV injection"). Control characters are kept, an
 * invalid UTF-8 byte becomes U+FFFD. NULL writes an empty field.
 */
void nines_csv_field(FILE *f, const char *s);

/*
 * Text for a terminal (the tables and sentences of run, allocate and
 * check; issue 20): s itself when it holds no control character (C0 or
 * DEL), so ordinary names print as they are; else a copy in buf (len > 0
 * bytes, cut before a character that does not fit) with each control
 * character escaped as the JSON escapes it (\n, \r, \t, \u00XX) and a
 * backslash doubled, so a name can neither break a table's lines nor move
 * the cursor, and reads as in the JSON. Returns s or buf.
 */
const char *nines_term_text(char *buf, size_t len, const char *s);
#define NINES_TERM_NAME 1024	/* a buffer for nines_term_text */
/* ---- XML (GraphML import), Graphviz DOT and Mermaid (issue 18) ---- */

/* Writes s as XML character data or an attribute value: cleaned, with
 * & < > " ' as entities (a cleaned text holds no character XML 1.0
 * forbids). */
void nines_xml_text(FILE *f, const char *s);

/* Writes s inside an XML comment: cleaned, "--" broken as "- -" and no
 * trailing '-', so the comment cannot end early. */
void nines_xml_comment(FILE *f, const char *s);

/* Writes s as one Graphviz DOT string: double-quoted, " and \ escaped
 * with a backslash, the text cleaned (no newline can end the line). */
void nines_dot_string(FILE *f, const char *s);

/* Writes s as one quoted Mermaid label ("..."): cleaned, with " # & < >
 * ` [ ] ( ) as Mermaid entity codes (#34; ...), so a name cannot close
 * the label, open markup, start a code span or read as a Markdown link to
 * a reader that does not know the code block. */
void nines_mermaid_label(FILE *f, const char *s);

/* Writes s as one YAML double-quoted scalar: cleaned (no control
 * character, valid UTF-8), " and \\ escaped with a backslash, so a name
 * is only ever a string (never a number, a boolean, an anchor or a
 * second key). */
void nines_yaml_string(FILE *f, const char *s);

#endif
