// Tesseract's C API and Leptonica (image decoding), for the OCR skill.
#include <tesseract/capi.h>
#include <leptonica/allheaders.h>
