// Built with -DTASKBOX_UI=OFF: no embedded files; the server answers / with a page that
// says how to build with the UI (or serves --ui-dir).
#include "embedded_ui.h"

namespace taskbox::web {

const EmbeddedFile* embedded_files(std::size_t& count) {
  count = 0;
  return nullptr;
}

}  // namespace taskbox::web
