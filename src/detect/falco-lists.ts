/**
 * Falco's named lists (falcosecurity/rules, rules/falco_rules.yaml) that
 * sysray's Falco-derived signatures share, copied as data with their Falco
 * names so that a rule and its port can be compared line by line. Program
 * names are compared as Falco's `proc.name` is, with comm (15 characters:
 * Falco's own lists hold truncated names such as `dpkg-preconfigu`).
 *
 * The ported rules map Falco's priority to Tracee's Severity: CRITICAL and
 * ERROR → 3, WARNING → 2, NOTICE and INFO → 1, DEBUG → 0; Category,
 * Technique and external_id come from the rule's mitre_* and T-number tags.
 */

/** sensitive_file_names */
export const SENSITIVE_FILE_NAMES: readonly string[] = ['/etc/shadow', '/etc/sudoers', '/etc/pam.conf', '/etc/security/pwquality.conf'];

/** sensitive_directory_names: a symlink to one of these exposes the whole tree. */
export const SENSITIVE_DIRECTORY_NAMES: readonly string[] = ['/', '/etc', '/etc/', '/root', '/root/'];

/** The `fd.directory in (...)` half of the sensitive_files macro: every file directly in these. */
export const SENSITIVE_FILE_DIRECTORIES: readonly string[] = ['/etc/sudoers.d', '/etc/pam.d'];

/** The directory part of an absolute path, as Falco's fd.directory ('/' for /x). */
export function directoryOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

/** Falco's sensitive_files macro: one of `names`, or a file directly in /etc/sudoers.d or /etc/pam.d. */
export function isSensitiveFile(path: string, names: readonly string[] = SENSITIVE_FILE_NAMES): boolean {
  return names.includes(path) || SENSITIVE_FILE_DIRECTORIES.includes(directoryOf(path));
}

export const SHELL_BINARIES = ['ash', 'bash', 'csh', 'ksh', 'sh', 'tcsh', 'zsh', 'dash'];
const LOGIN_BINARIES = ['login', 'systemd', '(systemd)', 'systemd-logind', 'su', 'nologin', 'faillog', 'lastlog', 'newgrp', 'sg'];
const PASSWD_BINARIES = ['shadowconfig', 'grpck', 'pwunconv', 'grpconv', 'pwck', 'groupmod', 'vipw', 'pwconv', 'useradd', 'newusers', 'cppw',
  'chpasswd', 'usermod', 'groupadd', 'groupdel', 'grpunconv', 'chgpasswd', 'userdel', 'chage', 'chsh', 'gpasswd', 'chfn', 'expiry', 'passwd',
  'vigr', 'cpgr', 'adduser', 'addgroup', 'deluser', 'delgroup'];
const SHADOWUTILS_BINARIES = ['chage', 'gpasswd', 'lastlog', 'newgrp', 'sg', 'adduser', 'deluser', 'chpasswd', 'groupadd', 'groupdel', 'addgroup',
  'delgroup', 'groupmems', 'groupmod', 'grpck', 'grpconv', 'grpunconv', 'newusers', 'pwck', 'pwconv', 'pwunconv', 'useradd', 'userdel', 'usermod',
  'vigr', 'vipw', 'unix_chkpwd'];
const USEREXEC_BINARIES = ['sudo', 'su', 'suexec', 'critical-stack', 'dzdo'];
const RPM_BINARIES = ['dnf', 'dnf-automatic', 'rpm', 'rpmkey', 'yum', '75-system-updat', 'rhsmcertd-worke', 'rhsmcertd', 'subscription-ma', 'repoquery',
  'rpmkeys', 'rpmq', 'yum-cron', 'yum-config-mana', 'yum-debug-dump', 'abrt-action-sav', 'rpmdb_stat', 'microdnf', 'rhn_check', 'yumdb'];
const DEB_BINARIES = ['dpkg', 'dpkg-preconfigu', 'dpkg-reconfigur', 'dpkg-divert', 'apt', 'apt-get', 'aptitude', 'frontend', 'preinst', 'add-apt-reposit',
  'apt-auto-remova', 'apt-key', 'apt-listchanges', 'unattended-upgr', 'apt-add-reposit', 'apt-cache', 'apt.systemd.dai'];
/** Falco's package_mgmt_binaries. */
export const PACKAGE_MGMT_BINARIES: readonly string[] = [...RPM_BINARIES, ...DEB_BINARIES, 'update-alternat', 'gem', 'npm', 'pip', 'pip3', 'conda', 'uv', 'sane-utils.post',
  'alternatives', 'chef-client', 'apk', 'snapd'];
export const CRON_BINARIES = ['anacron', 'cron', 'crond', 'crontab'];
const READ_SENSITIVE_FILE_BINARIES = ['iptables', 'ps', 'lsb_release', 'check-new-relea', 'dumpe2fs', 'accounts-daemon', 'sshd', 'vsftpd', 'systemd',
  'mysql_install_d', 'psql', 'screen', 'debconf-show', 'sa-update', 'pam-auth-update', 'pam-config', '/usr/sbin/spamd', 'polkit-agent-he', 'lsattr',
  'file', 'sosreport', 'scxcimservera', 'adclient', 'rtvscand', 'cockpit-session', 'userhelper', 'ossec-syscheckd', 'sshd-session', 'rkhunter'];
const HIDS_BINARIES = ['aide', 'aide.wrapper', 'update-aide.con', 'logcheck', 'syslog-summary', 'osqueryd', 'ossec-syscheckd'];
const MAIL_CONFIG_BINARIES = ['update_conf', 'parse_mc', 'makemap_hash', 'newaliases', 'update_mk', 'update_tlsm4', 'update_db', 'update_mc',
  'ssmtp.postinst', 'mailq', 'postalias', 'postfix.config.', 'postfix.config', 'postfix-script', 'postconf'];
const NOMACHINE_BINARIES = ['nxexec', 'nxnode.bin', 'nxserver.bin', 'nxclient.bin'];
const SSHKIT_SCRIPT_BINARIES = ['10_etc_sudoers.', '10_passwd_group'];
const POSTGRES_MGMT_BINARIES = ['pg_dumpall', 'pg_ctl', 'pg_lsclusters', 'pg_ctlcluster'];

/**
 * The `not proc.name in (...)` of "Read sensitive file untrusted", its lists
 * expanded: user_mgmt_binaries, userexec_binaries, package_mgmt_binaries,
 * cron_binaries, read_sensitive_file_binaries, shell_binaries, hids_binaries,
 * vpn_binaries, mail_config_binaries, nomachine_binaries,
 * sshkit_script_binaries, in.proftpd, mandb, salt-call, salt-minion,
 * postgres_mgmt_binaries, google_oslogin_.
 */
export const TRUSTED_SENSITIVE_FILE_READERS: readonly string[] = [...new Set([
  ...LOGIN_BINARIES, ...PASSWD_BINARIES, ...SHADOWUTILS_BINARIES, ...USEREXEC_BINARIES, ...PACKAGE_MGMT_BINARIES, ...CRON_BINARIES,
  ...READ_SENSITIVE_FILE_BINARIES, ...SHELL_BINARIES, ...HIDS_BINARIES, 'openvpn', ...MAIL_CONFIG_BINARIES, ...NOMACHINE_BINARIES,
  ...SSHKIT_SCRIPT_BINARIES, 'in.proftpd', 'mandb', 'salt-call', 'salt-minion', ...POSTGRES_MGMT_BINARIES, 'google_oslogin_',
])];

/** log_directories and log_files (Clear Log Activities' access_log_files macro). */
export const LOG_DIRECTORIES: readonly string[] = ['/var/log', '/dev/log'];
export const LOG_FILES: readonly string[] = ['syslog', 'auth.log', 'secure', 'kern.log', 'cron', 'user.log', 'dpkg.log', 'last.log', 'yum.log',
  'access_log', 'mysql.log', 'mysqld.log'];

/** The image repositories of Clear Log Activities' trusted_logging_images macro (matched with endsWith). */
export const TRUSTED_LOGGING_IMAGES: readonly string[] = ['splunk/fluentd-hec', 'fluent/fluentd-kubernetes-daemonset', 'openshift3/ose-logging-fluentd',
  'containernetworking/azure-npm'];

/** Web, database, NoSQL and mail servers: the parts of protected_shell_spawning_binaries ("Run shell untrusted"). */
export const HTTP_SERVER_BINARIES: readonly string[] = ['nginx', 'httpd', 'httpd-foregroun', 'lighttpd', 'apache', 'apache2'];
export const DB_SERVER_BINARIES: readonly string[] = ['mysqld', 'postgres', 'sqlplus'];
export const NOSQL_SERVER_BINARIES: readonly string[] = ['couchdb', 'memcached', 'redis-server', 'rabbitmq-server', 'mongod'];
export const MAIL_BINARIES: readonly string[] = ['sendmail', 'sendmail-msp', 'postfix', 'procmail', 'exim4', 'pickup', 'showq', 'mailq', 'dovecot',
  'imap-login', 'imap', 'mailmng-core', 'pop3-login', 'dovecot-lda', 'pop3'];
export const PROTECTED_SHELL_SPAWNING_BINARIES: readonly string[] = [...HTTP_SERVER_BINARIES, ...DB_SERVER_BINARIES, ...NOSQL_SERVER_BINARIES,
  ...MAIL_BINARIES, 'fluentd', 'flanneld', 'splunkd', 'consul', 'smbd', 'runsv', 'PM2'];
export const GITLAB_BINARIES: readonly string[] = ['gitlab-shell', 'gitlab-mon', 'gitlab-runner-b', 'git'];
export const MESOS_SHELL_BINARIES: readonly string[] = ['mesos-docker-ex', 'mesos-slave', 'mesos-health-ch'];
