#pragma once
// A project folder plus a throwaway PostgreSQL database, for autogenerate
// tests: declare a schema, run the library's commands, read snapshots.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <retort/autogen.hpp>
#include <retort/backend.hpp>
#include <retort/commands.hpp>
#include <retort/config.hpp>

#include "autogen/autogen_internal.hpp"
#include "autogen/model.hpp"
#include "support/pg_fixture.hpp"
#include "support/temp_dir.hpp"

namespace retort::test {

class AutogenProject {
 public:
  explicit AutogenProject(std::string_view prefix) : m_db(prefix) {
    std::filesystem::create_directories(m_dir.path() / "schema");
    std::filesystem::create_directories(m_dir.path() / "versions");
  }

  const std::filesystem::path& dir() const { return m_dir.path(); }
  const std::string& url() const { return m_db.url(); }
  std::string database_name() const { return m_db.name(); }

  Config config() const {
    Config c = default_config(m_dir.path(), [](std::string_view) { return std::optional<std::string>{}; });
    c.url = m_db.url();
    c.include_schemas = m_schemas;
    c.shadow_url = m_shadow_url;
    return c;
  }
  Project project() const { return Project(config()); }

  void set_include_schemas(std::vector<std::string> schemas) { m_schemas = std::move(schemas); }
  void set_shadow_url(std::string url) { m_shadow_url = std::move(url); }

  // Replaces the declared schema with one file holding `sql`.
  void declare(std::string_view sql, std::string_view file = "schema.sql") {
    for (const auto& e : std::filesystem::directory_iterator(m_dir.path() / "schema")) {
      std::filesystem::remove(e.path());
    }
    m_dir.write(std::filesystem::path("schema") / file, sql);
  }
  void add_schema_file(std::string_view file, std::string_view sql) {
    m_dir.write(std::filesystem::path("schema") / file, sql);
  }

  // Runs `sql` on the database directly.
  void exec(const std::string& sql) const { connect(m_db.url(), m_dir.path())->execute_script(sql); }
  long long count(const std::string& query) const {
    return connect(m_db.url(), m_dir.path())->execute(query);
  }

  // The first value `query` returns ("NULL" when it is NULL or there is no row).
  std::string value(const std::string& query) const {
    const QueryResult r = connect(m_db.url(), m_dir.path())->query(query, {});
    return r.values.empty() || !r.values[0] ? "NULL" : *r.values[0];
  }

  std::string live() const { return autogen::dump(autogen::live_catalog(project())); }
  std::string declared() const { return autogen::dump(autogen::declared_catalog(project())); }

 private:
  TempDir m_dir;
  TestDatabase m_db;
  std::vector<std::string> m_schemas;
  std::string m_shadow_url;
};

}  // namespace retort::test
