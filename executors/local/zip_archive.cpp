#include "executors/local/zip_archive.hpp"

#include <zip.h>

#include <stdexcept>
#include <string>

namespace lockstep::executors::local {

namespace fs = std::filesystem;

namespace {

std::string describe(zip_error_t* error) {
  std::string text = zip_error_strerror(error);
  zip_error_fini(error);
  return text;
}

std::uint32_t unix_attributes(const fs::path& path, bool directory) {
  const auto mode = static_cast<std::uint32_t>(fs::status(path).permissions() & fs::perms::mask);
  const std::uint32_t type = directory ? 0040000U : 0100000U;  // S_IFDIR, S_IFREG
  return (type | mode) << 16;
}

}  // namespace

void write_zip(const fs::path& folder, const fs::path& zip_file) {
  int code = 0;
  zip_t* archive = zip_open(zip_file.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &code);
  if (archive == nullptr) {
    zip_error_t error;
    zip_error_init_with_code(&error, code);
    throw std::runtime_error("cannot create " + zip_file.string() + ": " + describe(&error));
  }
  const auto fail = [&](const std::string& what) {
    const std::string message = what + ": " + zip_strerror(archive);
    zip_discard(archive);
    throw std::runtime_error(message);
  };
  for (auto it = fs::recursive_directory_iterator(folder); it != fs::recursive_directory_iterator();
       ++it) {
    const std::string name = it->path().lexically_relative(folder).generic_string();
    if (it->is_directory()) {
      const zip_int64_t index = zip_dir_add(archive, name.c_str(), ZIP_FL_ENC_UTF_8);
      if (index < 0) fail("cannot add the folder " + name);
      zip_file_set_external_attributes(archive, static_cast<zip_uint64_t>(index), 0, ZIP_OPSYS_UNIX,
                                       unix_attributes(it->path(), true));
      continue;
    }
    if (!it->is_regular_file()) continue;  // a dangling link or a special file has no content
    zip_source_t* source = zip_source_file(archive, it->path().c_str(), 0, -1);
    if (source == nullptr) fail("cannot read " + it->path().string());
    const zip_int64_t index =
        zip_file_add(archive, name.c_str(), source, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
    if (index < 0) {
      zip_source_free(source);
      fail("cannot add " + name);
    }
    zip_file_set_external_attributes(archive, static_cast<zip_uint64_t>(index), 0, ZIP_OPSYS_UNIX,
                                     unix_attributes(it->path(), false));
  }
  if (zip_close(archive) != 0) fail("cannot write " + zip_file.string());
}

}  // namespace lockstep::executors::local
