// connect(): picks the backend from the URL's scheme.

#include <retort/backend.hpp>
#include <retort/config.hpp>

#include <algorithm>
#include <cctype>
#include <string>

#include "pg/postgres_backend.hpp"
#include "sqlite/sqlite_backend.hpp"

namespace retort {
namespace {

// The scheme without a SQLAlchemy "+driver" part, lower-cased; empty when
// the URL has none.
std::string base_scheme(std::string_view url) {
  const std::size_t sep = url.find("://");
  if (sep == std::string_view::npos) {
    return {};
  }
  std::string scheme(url.substr(0, std::min(sep, url.substr(0, sep).find('+'))));
  std::transform(scheme.begin(), scheme.end(), scheme.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return scheme;
}

}  // namespace

std::string_view url_dialect(std::string_view url) {
  if (url.empty()) {
    throw ConfigError(
        "no database URL; set DATABASE_URL, set url in the [database] section of "
        "alembic.toml, or pass --url");
  }
  const std::string scheme = base_scheme(url);
  if (scheme == "postgresql" || scheme == "postgres") {
    return "postgresql";
  }
  if (scheme == "sqlite") {
    return "sqlite";
  }
  throw ConfigError("unsupported database URL '" + mask_url(url) +
                    "': expected postgresql://… or sqlite:///…");
}

std::unique_ptr<Backend> connect(std::string_view url, const std::filesystem::path& base_dir,
                                 const ConnectOptions& options) {
  if (url_dialect(url) == "postgresql") {
    return pg::connect_postgres(url, options);
  }
  return sqlite::connect_sqlite(url, base_dir, options);
}

}  // namespace retort
