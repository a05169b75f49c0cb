/*
 * test_scheduled_tasks.c - `schtasks /query /fo csv /v`: 28 columns with the
 * header in English (CP437), French (CP850), Japanese (CP932) and a
 * language missing from aliases.tsv (read by position); the header repeated
 * per task folder, one row per trigger, quotes inside cells not doubled, a
 * comment spanning lines, and broken rows.  Rows are built from 28-cell
 * arrays so every test row has the exact shape schtasks prints; the text is
 * written in UTF-8 and converted with iconv to the host's code page.
 */
#include "ipk_test.h"

#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#define MEMBER "Scheduled tasks/ScheduledTasks.csv"

/* A text being built: rows of 28 quoted cells as schtasks prints them. */
struct text {
	char buf[32768];
	size_t len;
};

static void
add_raw(struct text *t, const char *s)
{
	size_t n = strlen(s);

	ck_assert_uint_lt(t->len + n, sizeof(t->buf));
	memcpy(t->buf + t->len, s, n + 1);
	t->len += n;
}

/* `"c0","c1",...,"c27"` and CRLF; quotes inside cells are not doubled. */
static void
add_row(struct text *t, const char *const cells[28])
{
	size_t i;

	for (i = 0; i < 28; i++) {
		add_raw(t, i == 0 ? "\"" : ",\"");
		add_raw(t, cells[i]);
		add_raw(t, "\"");
	}
	add_raw(t, "\r\n");
}

static const char *const hdr_en[28] = {
	"HostName", "TaskName", "Next Run Time", "Status", "Logon Mode",
	"Last Run Time", "Last Result", "Author", "Task To Run", "Start In",
	"Comment", "Scheduled Task State", "Idle Time", "Power Management",
	"Run As User", "Delete Task If Not Rescheduled",
	"Stop Task If Runs X Hours and X Mins", "Schedule", "Schedule Type",
	"Start Time", "Start Date", "End Date", "Days", "Months",
	"Repeat: Every", "Repeat: Until: Time", "Repeat: Until: Duration",
	"Repeat: Stop If Still Running"
};

static const char *const defrag[28] = {
	"CORP-FIN-03", "\\Microsoft\\Windows\\Defrag\\ScheduledDefrag", "N/A",
	"Ready", "Interactive/Background", "9/7/2026 10:03:10 PM", "0",
	"Microsoft Corporation", "%windir%\\system32\\defrag.exe -c -h -o -$",
	"N/A", "This task optimizes local storage drives.", "Enabled",
	"Disabled", "Stop On Battery Mode, No Start On Batteries", "SYSTEM",
	"Disabled", "72:00:00",
	"Scheduling data is not available in this format.", "On demand only",
	"N/A", "N/A", "N/A", "N/A", "N/A", "N/A", "N/A", "N/A", "N/A"
};

/* Two triggers: two rows. */
static const char *const upd1[28] = {
	"CORP-FIN-03", "\\Updater", "9/8/2026 3:00:00 AM", "Ready",
	"Interactive/Background", "9/7/2026 3:00:01 AM", "-2147020576",
	"CORP\\j.miller",
	"powershell.exe -NoP -W Hidden -File \"C:\\ProgramData\\upd\\run me.ps1\"",
	"N/A", "N/A", "Enabled", "Disabled", "", "SYSTEM", "Disabled",
	"72:00:00", "Scheduling data is not available in this format.", "Daily",
	"3:00:00 AM", "9/1/2026", "N/A", "Every 1 day(s)", "N/A", "Disabled",
	"Disabled", "Disabled", "Disabled"
};
static const char *const upd2[28] = {
	"CORP-FIN-03", "\\Updater", "9/8/2026 3:00:00 AM", "Ready",
	"Interactive/Background", "9/7/2026 3:00:01 AM", "-2147020576",
	"CORP\\j.miller",
	"powershell.exe -NoP -W Hidden -File \"C:\\ProgramData\\upd\\run me.ps1\"",
	"N/A", "N/A", "Enabled", "Disabled", "", "SYSTEM", "Disabled",
	"72:00:00", "Scheduling data is not available in this format.",
	"At logon time", "N/A", "N/A", "N/A", "N/A", "N/A", "N/A", "N/A", "N/A",
	"N/A"
};

/* A COM handler whose comment holds a line break. */
static const char *const com[28] = {
	"CORP-FIN-03", "\\Microsoft\\Windows\\Shell\\CreateObjectTask", "N/A",
	"Ready", "Interactive/Background", "11/30/1999 12:00:00 AM", "267011",
	"Microsoft Corporation", "COM handler", "N/A", "Line one\r\nLine two",
	"Enabled", "Disabled", "", "Users", "Disabled", "72:00:00",
	"Scheduling data is not available in this format.", "On demand only",
	"N/A", "N/A", "N/A", "N/A", "N/A", "N/A", "N/A", "N/A", "N/A"
};

/* `","` inside a cell: schtasks prints it as it is. */
static const char *const echo[28] = {
	"CORP-FIN-03", "\\Echo", "N/A", "Disabled", "Interactive only", "N/A",
	"1", "CORP\\j.miller", "cmd.exe /c \"echo a\",\"b\"", "C:\\Temp",
	"N/A", "Disabled", "Disabled", "", "j.miller", "Disabled", "72:00:00",
	"Scheduling data is not available in this format.", "One Time Only",
	"10:00:00 AM", "9/9/2026", "N/A", "N/A", "N/A", "N/A", "N/A", "N/A",
	"N/A"
};

START_TEST(test_tasks_en_cp437)
{
	struct text t = { .len = 0 };
	struct ipk_tset *s;
	const struct ipk_trec *r;

	add_row(&t, hdr_en);                 /* 1 */
	add_row(&t, defrag);                 /* 2 */
	add_row(&t, upd1);                   /* 3 */
	add_row(&t, upd2);                   /* 4 */
	add_row(&t, hdr_en);                 /* 5: next folder */
	add_row(&t, com);                    /* 6-7 */
	add_raw(&t, "\"CORP-FIN-03\",\"\\Broken\",\"N/A\",\"Ready\","
	    "\"Interactive only\"\r\n");     /* 8 */
	add_raw(&t, "garbage without quotes\r\n");                /* 9 */
	add_raw(&t, "INFO: There are no scheduled tasks presently available "
	    "at your access level.\r\n");   /* 10 */
	add_row(&t, echo);                   /* 11 */
	s = ipk_test_parse_enc(MEMBER, t.buf, "CP437");

	ck_assert_uint_eq(ipk_tset_count(s, "scheduled_tasks"), 5);
	r = ipk_tset_find(s, "scheduled_tasks", "task_name",
	    "\\Microsoft\\Windows\\Defrag\\ScheduledDefrag");
	ck_assert_field(r, "host", "CORP-FIN-03");
	ck_assert_field(r, "task_path", "\\Microsoft\\Windows\\Defrag\\");
	ck_assert_field(r, "trigger_index", "0");
	ck_assert_field(r, "next_run_raw", "N/A");
	ck_assert_ptr_null(ipk_trec_get(r, "next_run"));
	ck_assert_field(r, "status", "Ready");
	ck_assert_field(r, "logon_mode", "Interactive/Background");
	ck_assert_field(r, "last_run", "2026-09-07T22:03:10");
	ck_assert_field(r, "last_run_raw", "9/7/2026 10:03:10 PM");
	ck_assert_field(r, "last_result", "0");
	ck_assert_field(r, "last_result_hex", "0x00000000");
	ck_assert_field(r, "author", "Microsoft Corporation");
	ck_assert_field(r, "task_to_run",
	    "%windir%\\system32\\defrag.exe -c -h -o -$");
	ck_assert_field(r, "action_type", "command");
	ck_assert_field(r, "image", "%windir%\\system32\\defrag.exe");
	ck_assert_field(r, "comment", "This task optimizes local storage drives.");
	ck_assert_field(r, "state", "Enabled");
	ck_assert_field(r, "power_management",
	    "Stop On Battery Mode, No Start On Batteries");
	ck_assert_field(r, "run_as_user", "SYSTEM");
	ck_assert_field(r, "stop_after", "72:00:00");
	ck_assert_field(r, "schedule_type", "On demand only");
	ck_assert_field(r, "repeat_stop_if_running", "N/A");
	ck_assert_uint_eq(r->line, 2);

	/* One row per trigger. */
	r = ipk_tset_find(s, "scheduled_tasks", "schedule_type", "Daily");
	ck_assert_field(r, "task_name", "\\Updater");
	ck_assert_field(r, "task_path", "\\");
	ck_assert_field(r, "trigger_index", "0");
	ck_assert_field(r, "next_run", "2026-09-08T03:00:00");
	ck_assert_field(r, "task_to_run", "powershell.exe -NoP -W Hidden -File "
	    "\"C:\\ProgramData\\upd\\run me.ps1\"");
	ck_assert_field(r, "image", "powershell.exe");
	ck_assert_field(r, "last_result_hex", "0x800710E0");
	ck_assert_field(r, "start_time", "3:00:00 AM");
	ck_assert_field(r, "start_date", "9/1/2026");
	ck_assert_field(r, "days", "Every 1 day(s)");
	ck_assert_field(r, "repeat_every", "Disabled");
	ck_assert_ptr_null(ipk_trec_get(r, "power_management"));
	ck_assert_uint_eq(r->line, 3);
	r = ipk_tset_find(s, "scheduled_tasks", "schedule_type", "At logon time");
	ck_assert_field(r, "task_name", "\\Updater");
	ck_assert_field(r, "trigger_index", "1");
	ck_assert_uint_eq(r->line, 4);

	r = ipk_tset_find(s, "scheduled_tasks", "task_name",
	    "\\Microsoft\\Windows\\Shell\\CreateObjectTask");
	ck_assert_field(r, "action_type", "com_handler");
	ck_assert_ptr_null(ipk_trec_get(r, "image"));
	ck_assert_field(r, "comment", "Line one\nLine two");
	ck_assert_field(r, "last_result_hex", "0x00041303");
	ck_assert_field(r, "last_run", "1999-11-30T00:00:00");
	ck_assert_field(r, "trigger_index", "0");
	ck_assert_uint_eq(r->line, 6);

	r = ipk_tset_find(s, "scheduled_tasks", "task_name", "\\Echo");
	ck_assert_field(r, "task_to_run", "cmd.exe /c \"echo a\",\"b\"");
	ck_assert_field(r, "start_in", "C:\\Temp");
	ck_assert_field(r, "image", "cmd.exe");
	ck_assert_field(r, "status", "Disabled");
	ck_assert_uint_eq(r->line, 11);

	/* The broken row and the stray line are reported; nothing else is. */
	ck_assert(ipk_tset_has_diag(s, "|" MEMBER "|8|row has 5 cells, the "
	    "header 28"));
	ck_assert(ipk_tset_has_diag(s, "|" MEMBER "|9|not a scheduled_tasks "
	    "table row: 'garbage without quotes'"));
	ck_assert_uint_eq(s->ndiags, 2);
	r = ipk_tset_find(s, "member", "artifact", "scheduled_tasks");
	ck_assert_field(r, "status", "partial");
	ck_assert_field(r, "skipped", "2");
	ck_assert_field(r, "records", "5");
	ck_assert_int_eq(s->rc, CM_WARN);
	ipk_tset_free(s);
}
END_TEST

static const char *const hdr_fr[28] = {
	"Nom de l'hôte", "Nom de la tâche", "Prochaine exécution", "Statut",
	"Mode d'ouverture de session", "Dernière exécution", "Dernier résultat",
	"Auteur", "Tâche à exécuter", "Démarrer dans", "Commentaire",
	"État de la tâche planifiée", "Temps d'inactivité",
	"Gestion de l'alimentation", "Exécuter en tant qu'utilisateur",
	"Supprimer la tâche si elle n'est pas replanifiée",
	"Arrêter la tâche si elle s'exécute pendant X heures et X minutes",
	"Planification", "Type de planification", "Heure de début",
	"Date de début", "Date de fin", "Jours", "Mois", "Répéter : chaque",
	"Répéter : jusqu'à : heure", "Répéter : jusqu'à : durée",
	"Répéter : arrêter si toujours en cours d'exécution"
};

START_TEST(test_tasks_fr_cp850)
{
	static const char *const sauvegarde[28] = {
		"PC-COMPTA", "\\Sauvegarde\\Nuit", "08/09/2026 03:00:00", "Prêt",
		"Interactif/Arrière-plan", "07/09/2026 03:00:02", "0",
		"PC-COMPTA\\élodie", "C:\\Outils\\sauvegarde.exe /complète",
		"C:\\Outils", "Copie de sécurité", "Activé", "Désactivé", "",
		"Système", "Désactivé", "02:00:00",
		"Les données de planification ne sont pas disponibles dans ce "
		"format.", "Quotidien", "03:00:00", "01/09/2026", "N/A",
		"Tous les 1 jour(s)", "N/A", "Désactivé", "Désactivé",
		"Désactivé", "Désactivé"
	};
	static const char *const shell[28] = {
		"PC-COMPTA", "\\Microsoft\\Windows\\Shell\\CreateObjectTask", "N/A",
		"Prêt", "Interactif/Arrière-plan", "30/11/1999 00:00:00",
		"267011", "Microsoft Corporation", "Gestionnaire COM", "N/A",
		"N/A", "Activé", "Désactivé", "", "Utilisateurs", "Désactivé",
		"72:00:00",
		"Les données de planification ne sont pas disponibles dans ce "
		"format.", "À la demande uniquement", "N/A", "N/A", "N/A", "N/A",
		"N/A", "N/A", "N/A", "N/A", "N/A"
	};
	struct text t = { .len = 0 };
	struct ipk_tset *s;
	const struct ipk_trec *r;

	add_row(&t, hdr_fr);
	add_row(&t, sauvegarde);
	add_row(&t, hdr_fr);
	add_row(&t, shell);
	s = ipk_test_parse_enc(MEMBER, t.buf, "CP850");

	ck_assert_uint_eq(ipk_tset_count(s, "scheduled_tasks"), 2);
	r = ipk_tset_find(s, "scheduled_tasks", "task_name",
	    "\\Sauvegarde\\Nuit");
	ck_assert_field(r, "host", "PC-COMPTA");
	ck_assert_field(r, "task_path", "\\Sauvegarde\\");
	ck_assert_field(r, "next_run", "2026-09-08T03:00:00");
	ck_assert_field(r, "next_run_raw", "08/09/2026 03:00:00");
	ck_assert_field(r, "last_run", "2026-09-07T03:00:02");
	ck_assert_field(r, "status", "Prêt");
	ck_assert_field(r, "logon_mode", "Interactif/Arrière-plan");
	ck_assert_field(r, "author", "PC-COMPTA\\élodie");
	ck_assert_field(r, "task_to_run", "C:\\Outils\\sauvegarde.exe /complète");
	ck_assert_field(r, "image", "C:\\Outils\\sauvegarde.exe");
	ck_assert_field(r, "start_in", "C:\\Outils");
	ck_assert_field(r, "comment", "Copie de sécurité");
	ck_assert_field(r, "state", "Activé");
	ck_assert_field(r, "run_as_user", "Système");
	ck_assert_field(r, "stop_after", "02:00:00");
	ck_assert_field(r, "schedule_type", "Quotidien");
	ck_assert_field(r, "start_date", "01/09/2026");
	ck_assert_field(r, "repeat_every", "Désactivé");
	ck_assert_field(r, "repeat_stop_if_running", "Désactivé");
	r = ipk_tset_find(s, "scheduled_tasks", "run_as_user", "Utilisateurs");
	ck_assert_field(r, "action_type", "com_handler");
	ck_assert_field(r, "last_run", "1999-11-30T00:00:00");
	ck_assert_uint_eq(r->line, 4);
	ck_assert_int_eq(s->rc, CM_OK);
	ck_assert_uint_eq(s->ndiags, 0);
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_tasks_ja_cp932)
{
	static const char *const hdr_ja[28] = {
		"ホスト名", "タスク名", "次回の実行時刻", "状態", "ログオン モード",
		"前回の実行時刻", "前回の結果", "作成者", "実行するタスク", "開始",
		"コメント", "スケジュールされたタスクの状態", "アイドル時間",
		"電源管理", "ユーザーとして実行",
		"再度スケジュールされない場合はタスクを削除する",
		"タスクを停止するまでの時間", "スケジュール", "スケジュールの種類",
		"開始時刻", "開始日", "終了日", "日", "月", "繰り返し: 間隔",
		"繰り返し: 終了時刻", "繰り返し: 期間",
		"繰り返し: 実行中の場合は停止"
	};
	static const char *const task[28] = {
		"PC-JP01", "\\バックアップ\\夜間", "2026/09/08 3:00:00", "準備完了",
		"対話型/バックグラウンド", "2026/09/07 22:03:10", "0", "PC-JP01\\山田",
		"C:\\ツール\\バックアップ.exe /全体", "N/A", "表示ソフト", "有効",
		"無効", "", "SYSTEM", "無効", "72:00:00",
		"スケジュール データはこの形式では利用できません。", "毎日",
		"3:00:00", "2026/09/01", "N/A", "1 日ごと", "N/A", "無効", "無効",
		"無効", "無効"
	};
	static const char *const comtask[28] = {
		"PC-JP01", "\\Microsoft\\Windows\\Shell\\CreateObjectTask", "N/A",
		"準備完了", "対話型/バックグラウンド", "N/A", "267011",
		"Microsoft Corporation", "COM ハンドラー", "N/A", "N/A", "有効",
		"無効", "", "Users", "無効", "72:00:00",
		"スケジュール データはこの形式では利用できません。",
		"要求時のみ", "N/A", "N/A", "N/A", "N/A", "N/A", "N/A", "N/A",
		"N/A", "N/A"
	};
	struct text t = { .len = 0 };
	struct ipk_tset *s;
	const struct ipk_trec *r;

	add_row(&t, hdr_ja);
	add_row(&t, task);
	add_row(&t, comtask);
	s = ipk_test_parse_enc(MEMBER, t.buf, "CP932");

	ck_assert_uint_eq(ipk_tset_count(s, "scheduled_tasks"), 2);
	r = ipk_tset_find(s, "scheduled_tasks", "task_name", "\\バックアップ\\夜間");
	ck_assert_field(r, "task_path", "\\バックアップ\\");
	ck_assert_field(r, "next_run", "2026-09-08T03:00:00");
	ck_assert_field(r, "last_run", "2026-09-07T22:03:10");
	ck_assert_field(r, "status", "準備完了");
	ck_assert_field(r, "author", "PC-JP01\\山田");
	ck_assert_field(r, "task_to_run", "C:\\ツール\\バックアップ.exe /全体");
	ck_assert_field(r, "image", "C:\\ツール\\バックアップ.exe");
	ck_assert_field(r, "comment", "表示ソフト");
	ck_assert_field(r, "schedule_type", "毎日");
	ck_assert_field(r, "days", "1 日ごと");
	ck_assert_field(r, "months", "N/A");
	r = ipk_tset_find(s, "scheduled_tasks", "run_as_user", "Users");
	ck_assert_field(r, "action_type", "com_handler");
	ck_assert_field(r, "task_to_run", "COM ハンドラー");
	r = ipk_tset_find(s, "member", "artifact", "scheduled_tasks");
	ck_assert_field(r, "encoding", "cp932");
	ck_assert_int_eq(s->rc, CM_OK);
	ipk_tset_free(s);
}
END_TEST

/* A language aliases.tsv lacks: the 28 columns are read by position. */
START_TEST(test_tasks_positional)
{
	static const char *const hdr_de[28] = {
		"Hostname", "Aufgabenname", "Nächste Laufzeit", "Status",
		"Anmeldemodus", "Letzte Laufzeit", "Letztes Ergebnis", "Autor",
		"Auszuführende Aufgabe", "Starten in", "Kommentar",
		"Status der geplanten Aufgabe", "Leerlaufzeit", "Energieverwaltung",
		"Als Benutzer ausführen",
		"Aufgabe löschen, falls nicht erneut geplant",
		"Aufgabe beenden, falls Laufzeit X Std. und X Min. überschreitet",
		"Zeitplan", "Zeitplantyp", "Startzeit", "Startdatum", "Enddatum",
		"Tage", "Monate", "Wiederholen: Jede", "Wiederholen: Bis: Zeit",
		"Wiederholen: Bis: Dauer", "Wiederholen: Beenden, falls noch aktiv"
	};
	static const char *const task[28] = {
		"PC-DE01", "\\Wartung", "08.09.2026 03:00:00", "Bereit",
		"Interaktiv/Hintergrund", "07.09.2026 03:00:01", "0", "CORP\\jürgen",
		"C:\\Wartung\\lauf.bat", "N/A", "N/A", "Aktiviert", "Deaktiviert",
		"", "SYSTEM", "Deaktiviert", "72:00:00", "N/A", "Täglich",
		"03:00:00", "01.09.2026", "N/A", "Jeden Tag", "N/A", "Deaktiviert",
		"Deaktiviert", "Deaktiviert", "Deaktiviert"
	};
	struct text t = { .len = 0 };
	struct ipk_tset *s;
	const struct ipk_trec *r;

	add_row(&t, hdr_de);
	add_row(&t, task);
	s = ipk_test_parse_enc(MEMBER, t.buf, "UTF-8");

	ck_assert_uint_eq(ipk_tset_count(s, "scheduled_tasks"), 1);
	r = ipk_tset_nth(s, "scheduled_tasks", 0);
	ck_assert_field(r, "host", "PC-DE01");
	ck_assert_field(r, "task_name", "\\Wartung");
	ck_assert_field(r, "next_run", "2026-09-08T03:00:00");
	ck_assert_field(r, "author", "CORP\\jürgen");
	ck_assert_field(r, "task_to_run", "C:\\Wartung\\lauf.bat");
	ck_assert_field(r, "image", "C:\\Wartung\\lauf.bat");
	ck_assert_field(r, "run_as_user", "SYSTEM");
	ck_assert_field(r, "schedule_type", "Täglich");
	ck_assert_field(r, "start_date", "01.09.2026");
	ck_assert_int_eq(s->rc, CM_OK);
	ipk_tset_free(s);
}
END_TEST

/*
 * The same table re-exported RFC-style (inner quotes doubled, as a
 * PowerShell round trip writes it), with a comment spanning lines, and an
 * unterminated last row.
 */
START_TEST(test_tasks_rfc_quotes)
{
	struct text t = { .len = 0 };
	struct ipk_tset *s;
	const struct ipk_trec *r;
	size_t i;

	add_row(&t, hdr_en);
	for (i = 0; i < 28; i++) {
		static const char *const cells[28] = {
			"HOST-01", "\\EdgeUpdate",
			"9/8/2026 9:58:00 PM", "Ready", "Interactive/Background",
			"9/7/2026 10:03:10 PM", "0", "Microsoft Corporation",
			"\"\"C:\\Program Files (x86)\\Microsoft\\EdgeUpdate\\"
			"MicrosoftEdgeUpdate.exe\"\" /c", "N/A",
			"Keeps your software\r\nup to date.", "Enabled", "Disabled",
			"", "SYSTEM", "Disabled", "72:00:00", "N/A", "Daily",
			"9:58:00 PM", "3/2/2026", "N/A", "Every 1 day(s)", "N/A",
			"Disabled", "Disabled", "Disabled", "Disabled"
		};

		add_raw(&t, i == 0 ? "\"" : ",\"");
		add_raw(&t, cells[i]);
		add_raw(&t, "\"");
	}
	add_raw(&t, "\r\n");
	s = ipk_test_parse_enc(MEMBER, t.buf, "UTF-8");
	ck_assert_uint_eq(ipk_tset_count(s, "scheduled_tasks"), 1);
	r = ipk_tset_nth(s, "scheduled_tasks", 0);
	ck_assert_field(r, "task_to_run", "\"C:\\Program Files (x86)\\Microsoft\\"
	    "EdgeUpdate\\MicrosoftEdgeUpdate.exe\" /c");
	ck_assert_field(r, "image", "C:\\Program Files (x86)\\Microsoft\\"
	    "EdgeUpdate\\MicrosoftEdgeUpdate.exe");
	ck_assert_field(r, "comment", "Keeps your software\r\nup to date.");
	ck_assert_field(r, "next_run", "2026-09-08T21:58:00");
	ck_assert_field(r, "state", "Enabled");
	ck_assert_uint_eq(r->line, 2);
	ck_assert_int_eq(s->rc, CM_OK);
	ipk_tset_free(s);

	/* A last row without its closing quote: kept, with a remark. */
	t.len = 0;
	add_raw(&t, "\"HostName\",\"TaskName\",\"Next Run Time\",\"Status\"\r\n"
	    "\"HOST-01\",\"\\Good\",\"N/A\",\"Ready\"\r\n"
	    "\"HOST-01\",\"\\Unterminated\",\"N/A\",\"Ready\r\n");
	s = ipk_test_parse_enc(MEMBER, t.buf, "UTF-8");
	ck_assert_uint_eq(ipk_tset_count(s, "scheduled_tasks"), 2);
	r = ipk_tset_find(s, "scheduled_tasks", "task_name", "\\Unterminated");
	ck_assert_field(r, "status", "Ready");
	ck_assert(ipk_tset_has_diag(s, "|3|row ends inside a quoted cell"));
	ipk_tset_free(s);
}
END_TEST

static Suite *
tasks_suite(void)
{
	Suite *s = suite_create("scheduled_tasks");
	TCase *tc = tcase_create("scheduled_tasks");

	tcase_add_test(tc, test_tasks_en_cp437);
	tcase_add_test(tc, test_tasks_fr_cp850);
	tcase_add_test(tc, test_tasks_ja_cp932);
	tcase_add_test(tc, test_tasks_positional);
	tcase_add_test(tc, test_tasks_rfc_quotes);
	suite_add_tcase(s, tc);
	return s;
}

IPK_TEST_MAIN(tasks_suite)
