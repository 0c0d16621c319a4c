// Poppler's GLib API (PDF text layer), for the search skill's engine.
#include <poppler.h>
