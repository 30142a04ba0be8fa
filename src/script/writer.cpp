// Writing new revision files: ids, slugs, file names and template rendering.
//
// Template syntax (templates/*.tmpl): `${name}` is replaced by a value;
// `${name?}` too, but the whole line is dropped when the value is empty
// (optional header keys); `$$` is a literal `$`; any other `$` stays as is.
// A multi-line value repeats the text before it on its line on each of its
// lines, so `-- ${message}` keeps every message line a comment.

#include <fcntl.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <sstream>

#include <retort/error.hpp>
#include <retort/script.hpp>

#include "script/embedded_templates.hpp"
#include "script/create_date.hpp"
#include "script/text.hpp"

namespace retort {
namespace {

using detail::format_create_date;
using detail::make_stamp;
using detail::Stamp;

namespace fs = std::filesystem;

constexpr std::size_t k_version_num_size = 32;  // alembic_version.version_num VARCHAR(32)

bool is_word_byte(char c) {
  const auto u = static_cast<unsigned char>(c);
  // Bytes of non-ASCII UTF-8 sequences count as word characters, close to
  // Python's Unicode-aware \w.
  return u >= 0x80 || std::isalnum(u) != 0 || c == '_';
}

bool is_utf8_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) {
    n += is_utf8_continuation(c) ? 0 : 1;
  }
  return n;
}

// The first `count` code points of `s`.
std::string_view first_code_points(std::string_view s, std::size_t count) {
  std::size_t seen = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (!is_utf8_continuation(s[i])) {
      if (seen == count) {
        return s.substr(0, i);
      }
      ++seen;
    }
  }
  return s;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const int err = errno;
    throw ScriptError(path, 0, std::string("cannot read the template: ") + std::strerror(err));
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

struct TemplateSource {
  std::string text;
  std::string name;  // for messages: the file, or "built-in <name>"
  fs::path file;     // empty for the built-in copy
};

TemplateSource find_template(const Config& config, std::string_view name) {
  const fs::path project = config.templates_dir() / std::string(name);
  std::error_code ec;
  if (fs::is_regular_file(project, ec)) {
    return {read_file(project), project.string(), project};
  }
  if (auto builtin = builtin_template(name)) {
    return {std::string(*builtin), "built-in " + std::string(name), {}};
  }
  throw ScriptError("no template named '" + std::string(name) + "' in " +
                    config.templates_dir().string() +
                    " and none built in; expected migration.sql.tmpl, migration.cpp.tmpl or "
                    "alembic.toml.tmpl");
}

using Values = std::map<std::string, std::string, std::less<>>;

std::string known_placeholders(const Values& values) {
  std::string out;
  for (const auto& [name, value] : values) {
    out += out.empty() ? "" : ", ";
    out += "${" + name + "}";
  }
  return out;
}

[[noreturn]] void template_error(const TemplateSource& source, int line, const std::string& msg) {
  if (!source.file.empty()) {
    throw ScriptError(source.file, line, msg);
  }
  throw ScriptError(source.name + ":" + std::to_string(line) + ": " + msg);
}

// One template line; nullopt when an optional placeholder is empty.
std::optional<std::string> render_line(std::string_view line, int number,
                                       const TemplateSource& source, const Values& values) {
  std::string out;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (c != '$' || i + 1 >= line.size() || (line[i + 1] != '$' && line[i + 1] != '{')) {
      out += c;
      continue;
    }
    if (line[i + 1] == '$') {
      out += '$';
      ++i;
      continue;
    }
    const std::size_t close = line.find('}', i + 2);
    if (close == std::string_view::npos) {
      template_error(source, number,
                     "unterminated '${'; expected '${name}' or '${name?}' (write '$$' for a "
                     "literal '$')");
    }
    std::string_view name = line.substr(i + 2, close - i - 2);
    const bool optional = !name.empty() && name.back() == '?';
    if (optional) {
      name.remove_suffix(1);
    }
    const auto it = values.find(name);
    if (it == values.end()) {
      template_error(source, number,
                     "unknown placeholder '${" + std::string(name) + "}'; expected one of " +
                         known_placeholders(values));
    }
    const std::string& value = it->second;
    if (optional && value.empty()) {
      return std::nullopt;
    }
    const std::string prefix = out;
    const std::string bare_prefix(detail::trim_right(prefix));
    std::size_t start = 0;
    for (bool first = true;; first = false) {
      const std::size_t nl = value.find('\n', start);
      const std::string_view part = std::string_view(value).substr(
          start, nl == std::string::npos ? std::string::npos : nl - start);
      if (!first) {
        out += '\n';
        out += part.empty() ? bare_prefix : prefix;
      }
      out += part;
      if (nl == std::string::npos) {
        break;
      }
      start = nl + 1;
    }
    i = close;
  }
  return out;
}

std::string render(const TemplateSource& source, const Values& values) {
  std::string out;
  std::string_view text = source.text;
  int number = 1;
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    if (auto rendered = render_line(line, number, source, values)) {
      out += *rendered;
      if (nl != std::string_view::npos) {
        out += '\n';
      }
    }
    if (nl == std::string_view::npos) {
      break;
    }
    text.remove_prefix(nl + 1);
    ++number;
  }
  return out;
}

// Lines right-trimmed, surrounding blank lines dropped, line breaks '\n':
// the form the header parser reads a message back in.
std::string normalize_message(std::string_view message) {
  std::vector<std::string> lines;
  std::string current;
  for (std::size_t i = 0; i < message.size(); ++i) {
    const char c = message[i];
    if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < message.size() && message[i + 1] == '\n') {
        ++i;
      }
      lines.emplace_back(detail::trim_right(current));
      current.clear();
    } else {
      current += c;
    }
  }
  lines.emplace_back(detail::trim_right(current));
  std::size_t first = 0;
  std::size_t last = lines.size();
  while (first < last && lines[first].empty()) {
    ++first;
  }
  while (last > first && lines[last - 1].empty()) {
    --last;
  }
  std::string out;
  for (std::size_t i = first; i < last; ++i) {
    out += i > first ? "\n" : "";
    out += lines[i];
  }
  return out;
}

// A list entry is written into a comma-separated header line.
void check_list_entries(std::string_view what, const std::vector<std::string>& items) {
  for (const std::string& item : items) {
    bool bad = item.empty();
    for (char c : item) {
      bad = bad || c == ',' || detail::is_space(c) || std::iscntrl(static_cast<unsigned char>(c));
    }
    if (bad) {
      throw CommandError(std::string(what) + " '" + item +
                         "' cannot be written: it must be non-empty, without whitespace or ','");
    }
  }
}

// The file_template result must name a file inside the version folder.
void check_relative_name(const std::string& name, const std::string& file_template) {
  std::string_view rest = name;
  for (;;) {
    const std::size_t slash = rest.find('/');
    const std::string_view part = rest.substr(0, slash);
    if (part.empty() || part == "." || part == "..") {
      throw ConfigError("file_template '" + file_template + "' gives '" + name +
                        "', which is not a plain relative path inside the version folder; "
                        "remove leading '/', '//', '.' and '..' parts");
    }
    if (slash == std::string_view::npos) {
      if (part.front() == '.') {
        throw ConfigError("file_template '" + file_template + "' gives the file name '" +
                          std::string(part) +
                          "', which starts with '.' and would be ignored; add %(rev)s to it");
      }
      return;
    }
    rest.remove_prefix(slash + 1);
  }
}

void write_new_file(const fs::path& path, const std::string& text) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0) {
    const int err = errno;
    if (err == EEXIST) {
      throw CommandError("'" + path.string() +
                         "' already exists; retort never overwrites a revision file (choose "
                         "another --rev-id or message)");
    }
    throw ScriptError(path, 0, std::string("cannot create the file: ") + std::strerror(err));
  }
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      const int err = errno;
      ::close(fd);
      throw ScriptError(path, 0, std::string("cannot write the file: ") + std::strerror(err));
    }
    done += static_cast<std::size_t>(n);
  }
  if (::close(fd) != 0) {
    const int err = errno;
    throw ScriptError(path, 0, std::string("cannot write the file: ") + std::strerror(err));
  }
}

std::string quoted_list(const std::vector<std::string>& items) {
  return "'" + detail::join(items, ", ") + "'";
}

}  // namespace

std::optional<std::string_view> builtin_template(std::string_view name) {
  return detail::embedded_template(name);
}

std::string load_template(const Config& config, std::string_view name) {
  return find_template(config, name).text;
}

std::string make_slug(std::string_view message, int truncate) {
  const std::size_t limit = truncate > 0 ? static_cast<std::size_t>(truncate) : 40;
  std::string slug;
  for (std::size_t i = 0; i < message.size();) {
    if (!is_word_byte(message[i])) {
      ++i;
      continue;
    }
    if (!slug.empty()) {
      slug += '_';
    }
    while (i < message.size() && is_word_byte(message[i])) {
      slug += static_cast<char>(std::tolower(static_cast<unsigned char>(message[i])));
      ++i;
    }
  }
  if (code_points(slug) > limit) {
    const std::string_view cut = first_code_points(slug, limit);
    const std::size_t last = cut.rfind('_');
    slug = std::string(last == std::string_view::npos ? cut : cut.substr(0, last)) + "_";
  }
  return slug;
}

std::string expand_file_template(std::string_view file_template, const TemplateTokens& tokens) {
  const std::string whole(file_template);
  std::string out;
  for (std::size_t i = 0; i < file_template.size(); ++i) {
    const char c = file_template[i];
    if (c != '%') {
      out += c;
      continue;
    }
    if (i + 1 < file_template.size() && file_template[i + 1] == '%') {
      out += '%';
      ++i;
      continue;
    }
    if (i + 1 >= file_template.size() || file_template[i + 1] != '(') {
      throw ConfigError("unsupported '%' at character " + std::to_string(i + 1) +
                        " of file_template '" + whole +
                        "'; expected '%(token)s', '%(token)d' or '%%' for a literal '%'");
    }
    const std::size_t close = file_template.find(')', i + 2);
    if (close == std::string_view::npos) {
      throw ConfigError("unterminated '%(' in file_template '" + whole +
                        "'; expected '%(token)s'");
    }
    const std::string name(file_template.substr(i + 2, close - i - 2));
    std::size_t j = close + 1;
    bool left = false;
    bool zero = false;
    std::string sign;
    while (j < file_template.size() && std::string_view("-0+ #").find(file_template[j]) !=
                                           std::string_view::npos) {
      const char f = file_template[j++];
      left = left || f == '-';
      zero = zero || f == '0';
      if (f == '+') {
        sign = "+";
      } else if (f == ' ' && sign.empty()) {
        sign = " ";
      }
    }
    std::size_t width = 0;
    while (j < file_template.size() && std::isdigit(static_cast<unsigned char>(file_template[j]))) {
      width = width * 10 + static_cast<std::size_t>(file_template[j++] - '0');
    }
    std::optional<std::size_t> precision;
    if (j < file_template.size() && file_template[j] == '.') {
      ++j;
      precision = 0;
      while (j < file_template.size() &&
             std::isdigit(static_cast<unsigned char>(file_template[j]))) {
        *precision = *precision * 10 + static_cast<std::size_t>(file_template[j++] - '0');
      }
    }
    if (j >= file_template.size()) {
      throw ConfigError("'%(" + name + ")' in file_template '" + whole +
                        "' has no conversion; expected '%(" + name + ")s' or '%(" + name + ")d'");
    }
    const char conversion = file_template[j];
    const std::string spec(file_template.substr(i, j + 1 - i));

    std::optional<std::string> text_value;
    std::optional<long long> number;
    if (name == "rev") {
      text_value = tokens.rev;
    } else if (name == "slug") {
      text_value = tokens.slug;
    } else if (name == "epoch") {
      number = tokens.epoch;
    } else if (name == "year") {
      number = tokens.year;
    } else if (name == "month") {
      number = tokens.month;
    } else if (name == "day") {
      number = tokens.day;
    } else if (name == "hour") {
      number = tokens.hour;
    } else if (name == "minute") {
      number = tokens.minute;
    } else if (name == "second") {
      number = tokens.second;
    } else {
      throw ConfigError("unknown token '%(" + name + ")' in file_template '" + whole +
                        "'; expected one of rev, slug, epoch, year, month, day, hour, minute, "
                        "second");
    }

    std::string field;
    if (conversion == 's') {
      field = text_value ? *text_value : std::to_string(*number);
      if (precision) {
        field = std::string(first_code_points(field, *precision));
      }
      zero = false;  // Python pads %s with spaces only
    } else if (conversion == 'd' || conversion == 'i') {
      if (!number) {
        throw ConfigError("'" + spec + "' in file_template '" + whole + "' needs a number; use '%(" +
                          name + ")s'");
      }
      const bool negative = *number < 0;
      std::string digits = std::to_string(negative ? -*number : *number);
      if (precision && digits.size() < *precision) {
        digits.insert(0, *precision - digits.size(), '0');
      }
      const std::string prefix = negative ? "-" : sign;
      if (zero && !left && prefix.size() + digits.size() < width) {
        digits.insert(0, width - prefix.size() - digits.size(), '0');
      }
      field = prefix + digits;
    } else {
      throw ConfigError("unsupported conversion '" + spec + "' in file_template '" + whole +
                        "'; expected '%(" + name + ")s' or '%(" + name + ")d'");
    }
    const std::size_t len = code_points(field);
    if (len < width) {
      field.insert(left ? field.size() : 0, width - len, ' ');
    }
    out += field;
    i = j;
  }
  return out;
}

std::string generate_rev_id() {
  thread_local std::mt19937_64 engine = [] {
    std::random_device device;
    std::seed_seq seed{device(), device(), device(), device()};
    return std::mt19937_64(seed);
  }();
  const std::uint64_t bits = engine();
  static constexpr char k_hex[] = "0123456789abcdef";
  std::string id(12, '0');
  for (std::size_t i = 0; i < id.size(); ++i) {
    id[i] = k_hex[(bits >> (4 * i)) & 0xF];
  }
  return id;
}

void validate_rev_id(std::string_view id) {
  if (id.empty()) {
    throw RevisionError("empty revision identifier; expected letters, digits or '_'");
  }
  std::string illegal;
  for (char c : std::string_view("+-:@")) {  // sorted, as Alembic lists them
    if (id.find(c) != std::string_view::npos) {
      illegal += illegal.empty() ? "" : ", ";
      illegal += c;
    }
  }
  if (!illegal.empty()) {
    throw RevisionError("Character(s) '" + illegal + "' not allowed in revision identifier '" +
                        std::string(id) + "'");
  }
  for (char c : id) {
    if (detail::is_space(c) || std::iscntrl(static_cast<unsigned char>(c)) || c == '/' ||
        c == '\\' || c == ',') {
      throw RevisionError("revision identifier '" + std::string(id) +
                          "' must not contain whitespace, control characters, '/', '\\' or "
                          "','; use letters, digits and '_'");
    }
  }
}

Script write_revision(const Config& config, NewRevision spec,
                      std::chrono::system_clock::time_point now) {
  if (spec.kind == ScriptKind::python) {
    throw CommandError("retort writes .sql and .cpp revisions, not Alembic .py files");
  }
  if (spec.rev_id.empty()) {
    spec.rev_id = generate_rev_id();
  } else {
    validate_rev_id(spec.rev_id);
    if (spec.rev_id.size() > k_version_num_size) {
      throw RevisionError("revision identifier '" + spec.rev_id + "' is longer than " +
                          std::to_string(k_version_num_size) +
                          " characters, the size of the version table's version_num column");
    }
  }
  check_list_entries("revision", spec.down_revisions);
  check_list_entries("branch label", spec.branch_labels);
  check_list_entries("dependency", spec.depends_on);

  fs::path directory = spec.directory;
  if (directory.empty()) {
    if (config.version_locations.empty()) {
      throw ConfigError("no version location configured; set [alembic] version_locations");
    }
    directory = config.version_locations.front();
  }
  directory = fs::absolute(directory).lexically_normal();

  const Stamp stamp = make_stamp(now, config.timezone);
  TemplateTokens tokens;
  tokens.rev = spec.rev_id;
  tokens.slug = make_slug(spec.message, config.truncate_slug_length);
  tokens.epoch = stamp.epoch;
  tokens.year = stamp.tm.tm_year + 1900;
  tokens.month = stamp.tm.tm_mon + 1;
  tokens.day = stamp.tm.tm_mday;
  tokens.hour = stamp.tm.tm_hour;
  tokens.minute = stamp.tm.tm_min;
  tokens.second = stamp.tm.tm_sec;
  std::string name;
  try {
    name = expand_file_template(config.file_template, tokens);
  } catch (const ConfigError& e) {
    if (config.config_file.empty()) {
      throw;
    }
    throw ConfigError(config.config_file.string() + ": " + e.what());
  }
  name += spec.kind == ScriptKind::cpp ? ".cpp" : ".sql";
  check_relative_name(name, config.file_template);
  const fs::path path = (directory / name).lexically_normal();

  const std::string message = normalize_message(spec.message);
  const Values values = {
      {"message", message},
      {"rev_id", spec.rev_id},
      {"revises", detail::join(spec.down_revisions, ", ")},
      {"create_date", format_create_date(stamp)},
      {"branch_labels", detail::join(spec.branch_labels, ", ")},
      {"depends_on", detail::join(spec.depends_on, ", ")},
      {"upgrade", std::string(detail::trim_right(spec.upgrade_sql))},
      {"downgrade", std::string(detail::trim_right(spec.downgrade_sql))},
  };
  const TemplateSource source = find_template(
      config, spec.kind == ScriptKind::cpp ? "migration.cpp.tmpl" : "migration.sql.tmpl");
  const std::string text = render(source, values);

  // Read the file back before writing it: a template (or a message line that
  // looks like a header key) must not produce a file that says otherwise.
  Script written;
  try {
    written = spec.kind == ScriptKind::cpp ? parse_cpp_script(text, path)
                                           : parse_sql_script(text, path);
  } catch (const ScriptError& e) {
    throw ScriptError("the file rendered from " + source.name +
                      " would not read back: " + e.what());
  }
  const Revision& got = written.revision;
  if (got.branch_labels != spec.branch_labels) {
    throw CommandError("Version " + spec.rev_id + " specified branch_labels " +
                       detail::join(spec.branch_labels, ", ") + ", however the migration file " +
                       path.string() + " does not have them; have you upgraded your " +
                       source.name + " to include the 'Branch Labels' line?");
  }
  auto mismatch = [&](const std::string& what, const std::string& expected,
                      const std::string& actual) {
    throw ScriptError("the file rendered from " + source.name + " would read back with " + what +
                      " " + actual + " instead of " + expected +
                      "; fix the template, or rephrase a message line that looks like a header "
                      "key");
  };
  if (got.id != spec.rev_id) {
    mismatch("revision id", "'" + spec.rev_id + "'", "'" + got.id + "'");
  }
  if (got.down_revisions != spec.down_revisions) {
    mismatch("Revises", quoted_list(spec.down_revisions), quoted_list(got.down_revisions));
  }
  if (got.depends_on != spec.depends_on) {
    mismatch("Depends On", quoted_list(spec.depends_on), quoted_list(got.depends_on));
  }
  if (got.message != message) {
    mismatch("the message", "'" + message + "'", "'" + got.message + "'");
  }

  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  if (ec) {
    throw ScriptError(path.parent_path(), 0, "cannot create the folder: " + ec.message());
  }
  write_new_file(path, text);
  return written;
}

}  // namespace retort
