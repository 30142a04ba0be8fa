// alembic.toml loading. This is the only translation unit that includes
// toml++; its exceptions are turned into ConfigError here.

#include <retort/config.hpp>

#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <utility>

#include <toml++/toml.h>

#include <retort/error.hpp>

namespace retort {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view k_default_url = "sqlite:///retort-dev.db";

// An absolute, lexically normal path without a trailing separator, so that
// "." as script_location gives the config folder itself.
fs::path normal_absolute(const fs::path& base, const fs::path& p) {
  fs::path result = (p.is_absolute() ? p : base / p).lexically_normal();
  if (!result.has_filename() && result.has_relative_path()) {
    result = result.parent_path();
  }
  return result;
}

std::string type_name(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string: return "string";
    case toml::node_type::integer: return "integer";
    case toml::node_type::floating_point: return "floating-point number";
    case toml::node_type::boolean: return "boolean";
    case toml::node_type::date: return "date";
    case toml::node_type::time: return "time";
    case toml::node_type::date_time: return "date-time";
    case toml::node_type::array: return "array";
    case toml::node_type::table: return "table";
    case toml::node_type::none: break;
  }
  return "nothing";
}

bool is_valid_name_start(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '_';
}
bool is_valid_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

// Position of the '}' closing the reference whose body starts at `pos`;
// npos when unterminated. Nested ${...} in a default are skipped over.
std::size_t find_closing_brace(std::string_view text, std::size_t pos) {
  int depth = 0;
  for (std::size_t i = pos; i < text.size(); ++i) {
    if (text[i] == '$' && i + 1 < text.size() && text[i + 1] == '$') {
      ++i;
    } else if (text[i] == '$' && i + 1 < text.size() && text[i + 1] == '{') {
      ++depth;
      ++i;
    } else if (text[i] == '}') {
      if (depth == 0) {
        return i;
      }
      --depth;
    }
  }
  return std::string_view::npos;
}

// Reads the value at one key of one section, producing located errors.
class SectionReader {
 public:
  SectionReader(const toml::table& table, std::string file, const EnvLookup& env)
      : m_table(table), m_file(std::move(file)), m_env(env) {}

  std::string location(const toml::source_region& src) const {
    std::string out = m_file;
    if (src.begin.line > 0) {
      out += ":" + std::to_string(src.begin.line) + ":" + std::to_string(src.begin.column);
    }
    return out;
  }

  [[noreturn]] void fail(const toml::node& node, const std::string& message) const {
    throw ConfigError(location(node.source()) + ": " + message);
  }

  const toml::node* get(std::string_view key) const { return m_table.get(key); }

  std::string interpolated(const toml::node& node, const std::string& text) const {
    try {
      return interpolate(text, m_env);
    } catch (const ConfigError& e) {
      fail(node, e.what());
    }
  }

  std::optional<std::string> string(std::string_view key) const {
    const toml::node* node = get(key);
    if (node == nullptr) {
      return std::nullopt;
    }
    if (!node->is_string()) {
      fail(*node, "'" + std::string(key) + "' must be a string, got " + type_name(*node));
    }
    return interpolated(*node, node->as_string()->get());
  }

  std::optional<bool> boolean(std::string_view key) const {
    const toml::node* node = get(key);
    if (node == nullptr) {
      return std::nullopt;
    }
    if (!node->is_boolean()) {
      fail(*node, "'" + std::string(key) + "' must be a boolean (true or false), got " +
                      type_name(*node));
    }
    return node->as_boolean()->get();
  }

  std::optional<int> non_negative_int(std::string_view key) const {
    const toml::node* node = get(key);
    if (node == nullptr) {
      return std::nullopt;
    }
    if (!node->is_integer()) {
      fail(*node, "'" + std::string(key) + "' must be an integer, got " + type_name(*node));
    }
    const std::int64_t value = node->as_integer()->get();
    if (value < 0 || value > std::numeric_limits<int>::max()) {
      fail(*node, "'" + std::string(key) + "' must be between 0 and " +
                      std::to_string(std::numeric_limits<int>::max()) + ", got " +
                      std::to_string(value));
    }
    return static_cast<int>(value);
  }

  std::optional<std::vector<std::string>> strings(std::string_view key) const {
    const toml::node* node = get(key);
    if (node == nullptr) {
      return std::nullopt;
    }
    if (!node->is_array()) {
      fail(*node, "'" + std::string(key) + "' must be an array of strings, got " +
                      type_name(*node));
    }
    std::vector<std::string> out;
    std::size_t index = 0;
    for (const toml::node& element : *node->as_array()) {
      if (!element.is_string()) {
        fail(element, "'" + std::string(key) + "' must be an array of strings, got " +
                          type_name(element) + " at index " + std::to_string(index));
      }
      out.push_back(interpolated(element, element.as_string()->get()));
      ++index;
    }
    return out;
  }

  // Integer milliseconds, or a string with a PostgreSQL time unit.
  std::optional<int> duration_ms(std::string_view key) const {
    const toml::node* node = get(key);
    if (node == nullptr) {
      return std::nullopt;
    }
    const std::string expected = "'" + std::string(key) +
                                 "' must be milliseconds (an integer) or a duration string "
                                 "like \"5s\" or \"500ms\" (units ms, s, min, h, d)";
    constexpr long long k_max = std::numeric_limits<int>::max();
    if (node->is_integer()) {
      const std::int64_t value = node->as_integer()->get();
      if (value < 0 || value > k_max) {
        fail(*node, expected + ", got " + std::to_string(value));
      }
      return static_cast<int>(value);
    }
    if (!node->is_string()) {
      fail(*node, expected + ", got " + type_name(*node));
    }
    const std::string text = interpolated(*node, node->as_string()->get());
    std::size_t i = 0;
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i])) != 0) {
      ++i;
    }
    const std::size_t digits_begin = i;
    long long number = 0;
    bool overflow = false;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])) != 0) {
      number = number * 10 + (text[i] - '0');
      overflow = overflow || number > k_max;
      ++i;
    }
    const bool has_digits = i > digits_begin;
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i])) != 0) {
      ++i;
    }
    std::size_t unit_end = i;
    while (unit_end < text.size() && std::isalpha(static_cast<unsigned char>(text[unit_end])) != 0) {
      ++unit_end;
    }
    const std::string unit = text.substr(i, unit_end - i);
    i = unit_end;
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i])) != 0) {
      ++i;
    }
    long long factor = 0;
    if (unit.empty() || unit == "ms") {
      factor = 1;
    } else if (unit == "s") {
      factor = 1000;
    } else if (unit == "min") {
      factor = 60'000;
    } else if (unit == "h") {
      factor = 3'600'000;
    } else if (unit == "d") {
      factor = 86'400'000;
    }
    if (!has_digits || factor == 0 || i != text.size()) {
      fail(*node, expected + ", got '" + text + "'");
    }
    if (overflow || number > k_max / factor) {
      fail(*node, "'" + std::string(key) + "' is too long: '" + text + "' (at most " +
                      std::to_string(k_max) + " ms)");
    }
    return static_cast<int>(number * factor);
  }

  // Unknown keys are not fatal (a newer retort may know them); warn.
  void warn_unknown(std::string_view section, std::initializer_list<std::string_view> known,
                    std::vector<std::string>& warnings) const {
    for (auto&& [key, node] : m_table) {
      bool found = false;
      for (std::string_view k : known) {
        found = found || key.str() == k;
      }
      if (!found) {
        std::string message = location(key.source()) + ": unknown key '" +
                              std::string(key.str()) + "' in [" + std::string(section) + "]";
        if (key.str() == "sqlalchemy") {
          message += "; the database url is [database] url";
        }
        warnings.push_back(std::move(message));
      }
    }
  }

 private:
  const toml::table& m_table;
  std::string m_file;
  const EnvLookup& m_env;
};

void apply_base_defaults(Config& config, const fs::path& dir) {
  config.script_location = normal_absolute(dir, ".");
  config.version_locations = {config.script_location / "versions"};
  for (std::string& glob : config.schema) {
    glob = normal_absolute(dir, glob).string();
  }
}

std::string env_or(const EnvLookup& env, std::string_view name, std::string_view fallback) {
  if (auto value = env(name); value && !value->empty()) {
    return *value;
  }
  return std::string(fallback);
}

}  // namespace

EnvLookup process_env() {
  return [](std::string_view name) -> std::optional<std::string> {
    const std::string key(name);
    if (const char* value = std::getenv(key.c_str())) {
      return std::string(value);
    }
    return std::nullopt;
  };
}

std::string interpolate(std::string_view text, const EnvLookup& env) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c != '$' || i + 1 >= text.size()) {
      out += c;
      continue;
    }
    if (text[i + 1] == '$') {
      out += '$';
      ++i;
      continue;
    }
    if (text[i + 1] != '{') {
      // A lone '$' (e.g. inside a password) stays as written.
      out += c;
      continue;
    }
    const std::size_t body = i + 2;
    const std::size_t close = find_closing_brace(text, body);
    if (close == std::string_view::npos) {
      throw ConfigError("unterminated '${' at character " + std::to_string(i + 1) +
                        "; expected '${NAME}' or '${NAME:-default}' (write '$$' for a "
                        "literal '$')");
    }
    std::size_t name_end = body;
    while (name_end < close && is_valid_name_char(text[name_end])) {
      ++name_end;
    }
    const std::string_view name = text.substr(body, name_end - body);
    if (name.empty() || !is_valid_name_start(name.front())) {
      throw ConfigError("invalid variable name in '${" +
                        std::string(text.substr(body, close - body)) +
                        "}'; expected a name of letters, digits and '_' not starting "
                        "with a digit");
    }
    std::optional<std::string> value = env(name);
    if (name_end == close) {
      out += value.value_or("");
    } else if (text.substr(name_end, 2) == ":-") {
      if (value && !value->empty()) {
        out += *value;
      } else {
        out += interpolate(text.substr(name_end + 2, close - name_end - 2), env);
      }
    } else {
      throw ConfigError("unexpected '" + std::string(1, text[name_end]) + "' after '${" +
                        std::string(name) + "'; expected '}' or ':-default}'");
    }
    i = close;
  }
  return out;
}

std::string mask_url(std::string_view url) {
  std::string out(url);
  // scheme://user:password@host — only when an authority follows "://".
  if (const std::size_t scheme = out.find("://"); scheme != std::string::npos) {
    const std::size_t start = scheme + 3;
    if (start < out.size() && out[start] != '/') {
      // Passwords sometimes hold a raw '@', '/' or '?', so the userinfo ends
      // at the last '@' — unless that one sits in a key=value query, then
      // at the last '@' before the query.
      std::size_t at = out.rfind('@');
      const std::size_t query = out.find('?', start);
      if (at != std::string::npos && query != std::string::npos && query < at &&
          out.find('=', query) < at) {
        const std::size_t before_query = out.rfind('@', query);
        if (before_query != std::string::npos && before_query > start) {
          at = before_query;
        }
      }
      if (at != std::string::npos && at > start) {
        const std::size_t colon = out.find(':', start);
        if (colon != std::string::npos && colon < at) {
          out.replace(colon + 1, at - colon - 1, "***");
        }
      }
    }
  }
  // password=... as a query parameter or a libpq keyword (also sslpassword).
  std::string lower = out;
  for (char& c : lower) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  std::size_t pos = 0;
  while ((pos = lower.find("password", pos)) != std::string::npos) {
    std::size_t i = pos + 8;
    while (i < out.size() && (out[i] == ' ' || out[i] == '\t')) {
      ++i;
    }
    if (i >= out.size() || out[i] != '=') {
      pos += 8;
      continue;
    }
    ++i;
    while (i < out.size() && (out[i] == ' ' || out[i] == '\t')) {
      ++i;
    }
    std::size_t end = i;
    if (end < out.size() && out[end] == '\'') {
      ++end;
      while (end < out.size() && out[end] != '\'') {
        end += out[end] == '\\' ? 2 : 1;
      }
      end = std::min(end + 1, out.size());
    } else {
      while (end < out.size() && out[end] != '&' && out[end] != '#' && out[end] != ';' &&
             std::isspace(static_cast<unsigned char>(out[end])) == 0) {
        ++end;
      }
    }
    if (end > i) {
      out.replace(i, end - i, "***");
      lower.replace(i, end - i, "***");
    }
    pos = i + 3;
  }
  return out;
}

Config parse_config(std::string_view text, const fs::path& file, const EnvLookup& env) {
  const std::string file_name = file.string();
  toml::table root;
  try {
    root = toml::parse(text, std::string_view{file_name});
  } catch (const toml::parse_error& e) {
    const auto& begin = e.source().begin;
    throw ConfigError(file_name + ":" + std::to_string(begin.line) + ":" +
                      std::to_string(begin.column) + ": " + std::string(e.description()));
  }

  Config config;
  config.config_file = normal_absolute(fs::current_path(), file);
  const fs::path dir = config.config_file.parent_path();
  apply_base_defaults(config, dir);

  SectionReader top(root, file_name, env);
  auto section = [&](std::string_view name) -> const toml::table* {
    const toml::node* node = root.get(name);
    if (node == nullptr) {
      return nullptr;
    }
    if (!node->is_table()) {
      top.fail(*node, "'" + std::string(name) + "' must be a table ([" + std::string(name) +
                          "]), got " + type_name(*node));
    }
    return node->as_table();
  };

  for (auto&& [key, node] : root) {
    const std::string_view name = key.str();
    if (name == "alembic" || name == "database" || name == "autogenerate" || name == "cpp") {
      continue;
    }
    if (node.is_table()) {
      config.warnings.push_back(top.location(key.source()) + ": unknown section [" +
                                std::string(name) +
                                "]; expected [alembic], [database], [autogenerate] or [cpp]");
    } else {
      config.warnings.push_back(top.location(key.source()) + ": unknown key '" +
                                std::string(name) + "' outside any section");
    }
  }

  if (const toml::table* table = section("alembic")) {
    SectionReader r(*table, file_name, env);
    r.warn_unknown("alembic",
                   {"script_location", "version_locations", "recursive_version_locations",
                    "file_template", "truncate_slug_length", "timezone"},
                   config.warnings);
    if (auto v = r.string("script_location")) {
      config.script_location = normal_absolute(dir, *v);
    }
    config.version_locations = {config.script_location / "versions"};
    if (auto v = r.strings("version_locations")) {
      config.version_locations.clear();
      for (const std::string& location : *v) {
        config.version_locations.push_back(normal_absolute(config.script_location, location));
      }
    }
    if (auto v = r.boolean("recursive_version_locations")) {
      config.recursive_version_locations = *v;
    }
    if (auto v = r.string("file_template")) {
      if (v->empty()) {
        r.fail(*r.get("file_template"), "'file_template' must not be empty");
      }
      config.file_template = *v;
    }
    if (auto v = r.non_negative_int("truncate_slug_length")) {
      config.truncate_slug_length = *v == 0 ? 40 : *v;
    }
    if (auto v = r.string("timezone")) {
      config.timezone = *v;
    }
  }

  bool url_given = false;
  if (const toml::table* table = section("database")) {
    SectionReader r(*table, file_name, env);
    r.warn_unknown("database",
                   {"url", "version_table", "version_table_schema", "transaction_per_migration",
                    "lock_timeout", "statement_timeout"},
                   config.warnings);
    if (auto v = r.string("url")) {
      url_given = true;
      config.url = *v;
      config.url_origin = r.location(r.get("url")->source()) + " ([database] url)";
    }
    if (auto v = r.string("version_table")) {
      if (v->empty()) {
        r.fail(*r.get("version_table"), "'version_table' must not be empty");
      }
      config.version_table = *v;
    }
    if (auto v = r.string("version_table_schema")) {
      config.version_table_schema = *v;
    }
    if (auto v = r.boolean("transaction_per_migration")) {
      config.transaction_per_migration = *v;
    }
    config.lock_timeout_ms = r.duration_ms("lock_timeout");
    config.statement_timeout_ms = r.duration_ms("statement_timeout");
  }
  if (!url_given || config.url.empty()) {
    const std::string from_env = env_or(env, "DATABASE_URL", "");
    config.url = !from_env.empty() ? from_env : url_given ? "" : std::string(k_default_url);
    config.url_origin = !from_env.empty() ? "DATABASE_URL"
                        : url_given       ? config.url_origin
                                          : "the default url (" + file_name + " has no [database] url and DATABASE_URL is unset)";
  }

  if (const toml::table* table = section("autogenerate")) {
    SectionReader r(*table, file_name, env);
    r.warn_unknown("autogenerate", {"schema", "shadow_url", "shadow_connections", "include_schemas", "exclude_tables"},
                   config.warnings);
    if (auto v = r.strings("schema")) {
      config.schema.clear();
      for (const std::string& glob : *v) {
        config.schema.push_back(normal_absolute(dir, glob).string());
      }
    }
    if (auto v = r.string("shadow_url")) {
      config.shadow_url = *v;
    }
    if (auto v = r.non_negative_int("shadow_connections")) {
      if (*v < 1 || *v > 16) {
        r.fail(*r.get("shadow_connections"),
               "'shadow_connections' must be between 1 and 16, got " + std::to_string(*v));
      }
      config.shadow_connections = *v;
    }
    if (auto v = r.strings("include_schemas")) {
      config.include_schemas = *v;
    }
    if (auto v = r.strings("exclude_tables")) {
      config.exclude_tables = *v;
    }
  }

  if (const toml::table* table = section("cpp")) {
    SectionReader r(*table, file_name, env);
    r.warn_unknown("cpp", {"compiler", "flags", "cache_dir", "jobs"}, config.warnings);
    if (auto v = r.string("compiler")) {
      if (v->empty()) {
        r.fail(*r.get("compiler"), "'compiler' must not be empty");
      }
      config.cpp_compiler = *v;
    }
    if (auto v = r.strings("flags")) {
      config.cpp_flags = *v;
    }
    if (auto v = r.string("cache_dir")) {
      config.cpp_cache_dir = normal_absolute(config.script_location, *v);
    }
    if (auto v = r.non_negative_int("jobs")) {
      config.cpp_jobs = *v;
    }
  }
  return config;
}

Config load_config(const fs::path& file, const EnvLookup& env) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    const int err = errno;
    throw ConfigError("cannot read config file '" + file.string() + "': " + std::strerror(err));
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) {
    throw ConfigError("cannot read config file '" + file.string() + "'");
  }
  return parse_config(text.str(), file, env);
}

Config default_config(const fs::path& dir, const EnvLookup& env) {
  Config config;
  apply_base_defaults(config, normal_absolute(fs::current_path(), dir));
  config.url = env_or(env, "DATABASE_URL", "");
  config.url_origin = "DATABASE_URL";
  return config;
}

Config find_config(const std::optional<fs::path>& explicit_file, const EnvLookup& env) {
  if (explicit_file) {
    std::error_code ec;
    if (!fs::is_regular_file(*explicit_file, ec)) {
      throw ConfigError("config file '" + explicit_file->string() +
                        "' not found; check the path given with --config");
    }
    return load_config(*explicit_file, env);
  }
  std::error_code ec;
  if (fs::is_regular_file("alembic.toml", ec)) {
    return load_config("alembic.toml", env);
  }
  return default_config(fs::current_path(), env);
}

}  // namespace retort
