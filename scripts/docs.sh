#!/usr/bin/env bash
# Builds the documentation site into build/docs/html: the README as the main page, every
# guide under docs/ as a page, and the API reference. Any doxygen warning (e.g. undocumented
# public API, a broken link in a guide) fails the build. The site works offline: MathJax comes
# from Debian's libjs-mathjax (scripts/debian-packages.txt) and is copied next to the pages.
#
# `scripts/docs.sh --md-filter FILE` is the INPUT_FILTER doxygen runs on each *.md (see
# docs/Doxyfile): it prints FILE with GitHub's section links made doxygen links, so the same
# `[text](tour.md#4-the-fenchel-conjugate-and-the-variational-bound)` works on GitHub and in
# the site. Every heading but the page title gets the label {#md_<path>__<GitHub slug>}, and
# a link `](<file>.md#<slug>)` or `](#<slug>)` becomes `](@ref <that label>)`. Both sides keep
# only [a-z0-9_-] of the slug, so GitHub's non-ASCII letters drop out of both alike.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" = "--md-filter" ]; then
  file=$(realpath --relative-to=. "$2")
  exec awk -v rel="$file" '
    function label(path, slug,   p) {
      p = path; sub(/\.md$/, "", p); gsub(/[^A-Za-z0-9]/, "_", p)
      slug = tolower(slug); gsub(/[^a-z0-9_-]/, "", slug); gsub(/-/, "_", slug)
      return "md_" p "__" slug
    }
    function github_slug(text,   s) {  # GitHub: lower case, drop punctuation, spaces -> hyphens
      s = tolower(text); gsub(/[^a-z0-9 _-]/, "", s); gsub(/ /, "-", s); return s
    }
    function resolve(target,   d, p) {  # a link target relative to this file -> repository path
      if (target == "") return rel
      d = rel; if (d ~ /\//) sub(/\/[^\/]*$/, "/", d); else d = ""
      p = d target
      while (sub(/(^|\/)\.\//, "&", p) && sub(/\.\//, "", p)) {}
      while (match(p, /[^\/.][^\/]*\/\.\.\//)) p = substr(p, 1, RSTART - 1) substr(p, RSTART + RLENGTH)
      return p
    }
    /^[ ]*(```|~~~)/ { fenced = !fenced; print; next }
    fenced { print; next }
    /^#+ / {
      if (seen_title) {
        text = $0; sub(/^#+[ ]+/, "", text); sub(/[ ]+#*[ ]*$/, "", text)
        slug = github_slug(text)
        if (slug in used) slug = slug "-" used[slug]++; else used[slug] = 1
        $0 = $0 " {#" label(rel, slug) "}"
      }
      seen_title = 1
    }
    {
      out = ""; line = $0
      while (match(line, /\]\([^)# ]*#[^) ]+\)/)) {
        start = RSTART; end = RSTART + RLENGTH  # resolve() calls match() too
        link = substr(line, start + 2, end - start - 3)
        hash = index(link, "#")
        target = substr(link, 1, hash - 1)
        if (target == "" || target ~ /\.md$/)
          out = out substr(line, 1, start - 1) "](@ref " label(resolve(target), substr(link, hash + 1)) ")"
        else
          out = out substr(line, 1, end - 1)  # a URL or a file that is no guide: as it is
        line = substr(line, end)
      }
      print out line
    }' "$file"
fi

mathjax=/usr/share/javascript/mathjax
if [ ! -f "$mathjax/MathJax.js" ]; then
  echo "docs: $mathjax is missing: install libjs-mathjax (bash scripts/install-deps.sh)"; exit 1
fi
rm -rf build/docs
mkdir -p build/docs
doxygen docs/Doxyfile
if [ -s build/docs/warnings.log ]; then
  echo "doxygen warnings:"; cat build/docs/warnings.log; exit 1
fi
# MATHJAX_RELPATH = mathjax in docs/Doxyfile: a copy (not a link) so the site can be moved or
# served as it is; the unpacked sources and the test pages are not needed.
mkdir -p build/docs/html/mathjax
for part in MathJax.js config extensions fonts jax localization; do
  cp -rL "$mathjax/$part" build/docs/html/mathjax/
done
echo "docs: build/docs/html/index.html"
