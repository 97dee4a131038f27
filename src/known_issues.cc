#include "src/known_issues.h"

#include <fnmatch.h>
#include <yaml-cpp/yaml.h>

#include <cstring>
#include <regex>
#include <set>

#include "src/common.h"

namespace daxprop {

bool glob_match(const std::string& pattern, const std::string& text) {
  return fnmatch(pattern.c_str(), text.c_str(), 0) == 0;
}

namespace {

bool any_glob(const std::vector<std::string>& globs, const std::string& text) {
  for (const auto& g : globs) {
    if (glob_match(g, text)) return true;
  }
  return false;
}

struct Bad {
  std::string why;
};

std::string where(const std::string& path, const YAML::Node& n) {
  return path + ":" + std::to_string(n.Mark().line + 1) + ": ";
}

std::string scalar(const std::string& path, const YAML::Node& n, const std::string& key) {
  if (!n.IsScalar()) throw Bad{where(path, n) + key + " must be a string"};
  return n.as<std::string>();
}

// A string or a list of strings, none empty.
std::vector<std::string> strings(const std::string& path, const YAML::Node& n,
                                 const std::string& key) {
  std::vector<std::string> out;
  if (n.IsScalar()) {
    out.push_back(n.as<std::string>());
  } else if (n.IsSequence()) {
    for (const auto& e : n) out.push_back(scalar(path, e, key));
  } else {
    throw Bad{where(path, n) + key + " must be a string or a list of strings"};
  }
  if (out.empty()) throw Bad{where(path, n) + key + " is empty"};
  for (const auto& s : out) {
    if (trim(s).empty()) throw Bad{where(path, n) + key + " has an empty item"};
  }
  return out;
}

}  // namespace

const KnownIssue* KnownIssues::match_failure(const std::string& test, const std::string& signature,
                                             const std::string& kernel) const {
  for (const auto& k : issues) {
    if (any_glob(k.tests, test) && any_glob(k.signatures, signature) && any_glob(k.kernels, kernel)) {
      return &k;
    }
  }
  return nullptr;
}

const KnownIssue* KnownIssues::match_pass(const std::string& test, const std::string& kernel) const {
  if (!starts_with(test, "regress.")) return nullptr;  // only a fixed trace says "fixed"
  for (const auto& k : issues) {
    if (any_glob(k.tests, test) && any_glob(k.kernels, kernel)) return &k;
  }
  return nullptr;
}

std::variant<KnownIssues, std::string> parse_known_issues(const std::string& text,
                                                          const std::string& path) {
  static const std::set<std::string> kKeys = {
      "id",  "title",     "tests",    "signatures", "kernels", "upstream", "fixed_by",
      "url", "subsystem", "subject",  "expected",   "files",   "finding"};
  static const std::regex kId(R"([a-z0-9][a-z0-9_.-]*)");
  KnownIssues out;
  out.path = path;
  try {
    YAML::Node root = YAML::Load(text);
    if (!root.IsMap()) return path + ": not a known-issues file (a map with format and issues)";
    for (const auto& kv : root) {
      auto key = kv.first.as<std::string>();
      if (key != "format" && key != "issues") {
        return where(path, kv.first) + "unknown key '" + key + "' (format, issues)";
      }
    }
    if (!root["format"] || !root["format"].IsScalar() || root["format"].as<std::string>() != "1") {
      return path + ": format must be 1";
    }
    YAML::Node list = root["issues"];
    if (!list || !list.IsSequence()) return path + ": issues must be a list";
    std::set<std::string> ids;
    for (const auto& e : list) {
      if (!e.IsMap()) throw Bad{where(path, e) + "an issue must be a map"};
      for (const auto& kv : e) {
        auto key = kv.first.as<std::string>();
        if (!kKeys.count(key)) {
          throw Bad{where(path, kv.first) + "unknown key '" + key +
                    "' (id, title, tests, signatures, kernels, upstream, fixed_by, url, subsystem, "
                    "subject, expected, files, finding)"};
        }
      }
      KnownIssue k;
      for (const char* req : {"id", "tests", "signatures"}) {
        if (!e[req]) throw Bad{where(path, e) + "an issue needs '" + req + "'"};
      }
      k.id = scalar(path, e["id"], "id");
      if (!std::regex_match(k.id, kId)) {
        throw Bad{where(path, e["id"]) + "bad id '" + k.id + "' (lower case, digits, _ . -)"};
      }
      if (!ids.insert(k.id).second) throw Bad{where(path, e["id"]) + "duplicate id '" + k.id + "'"};
      k.tests = strings(path, e["tests"], "tests");
      k.signatures = strings(path, e["signatures"], "signatures");
      k.kernels = e["kernels"] ? strings(path, e["kernels"], "kernels") : std::vector<std::string>{"*"};
      if (e["title"]) k.title = scalar(path, e["title"], "title");
      if (e["upstream"]) k.upstream = scalar(path, e["upstream"], "upstream");
      if (e["fixed_by"]) k.fixed_by = scalar(path, e["fixed_by"], "fixed_by");
      if (e["url"]) k.url = scalar(path, e["url"], "url");
      if (e["subsystem"]) k.subsystem = scalar(path, e["subsystem"], "subsystem");
      if (e["subject"]) k.subject = scalar(path, e["subject"], "subject");
      if (e["expected"]) k.expected = scalar(path, e["expected"], "expected");
      if (e["files"]) k.files = strings(path, e["files"], "files");
      if (e["finding"]) k.finding = scalar(path, e["finding"], "finding");
      out.issues.push_back(std::move(k));
    }
  } catch (const Bad& b) {
    return b.why;
  } catch (const YAML::Exception& x) {
    return path + ":" + std::to_string(x.mark.line + 1) + ": " + x.msg;
  }
  return out;
}

std::variant<KnownIssues, std::string> load_known_issues(const std::string& path) {
  auto text = read_file(path);
  if (!text) return "cannot read known-issues file: " + text.error().str();
  return parse_known_issues(*text, path);
}

std::string shipped_known_issues() {
  return std::string(DAXPROP_SOURCE_DIR) + "/suites/known-issues.yaml";
}

}  // namespace daxprop
