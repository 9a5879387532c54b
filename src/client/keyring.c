/*
 * Token storage in the system keyring through libsecret (Secret Service).
 * libsecret keeps its connection for the life of the process; we do not
 * call secret_service_disconnect(), which leaves pending internal objects
 * behind (LeakSanitizer reports them).
 */
#include <stdlib.h>
#include <string.h>

#include <libsecret/secret.h>

#include "guild/config.h"
#include "guild/keyring.h"
#include "guild/util.h"

/* One item per server; the user attribute says whose token it is. */
static const SecretSchema keyring_schema = {
	.name = "dev.guild.Token",
	.flags = SECRET_SCHEMA_NONE,
	.attributes = {
		{ "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
		{ "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
		{ NULL, 0 },
	},
};

/*
 * Words a libsecret failure with the alternatives and frees the GError.
 * Always returns -1.
 */
static int
keyring_fail(GError *error, struct gerr *err)
{
	char	*dir = config_state_dir();
	int	 rc;

	rc = gerr_set(err, GERR_LOCAL, 0, "no system keyring (Secret "
	    "Service) is available: %.160s. Use GUILD_TOKEN=... in the "
	    "environment (guild login --with-token reads one from stdin to "
	    "check it), or `guild login --insecure-storage` to keep the "
	    "token in a 0600 file in %s", error != NULL ? error->message :
	    "unknown error", dir);
	free(dir);
	if (error != NULL)
		g_error_free(error);
	return rc;
}

int
keyring_store(const char *server, const char *user, const char *token,
    struct gerr *err)
{
	GError	*error = NULL;
	char	*label;
	gboolean ok;

	/* One token per server: drop one stored for another user first. */
	secret_password_clear_sync(&keyring_schema, NULL, &error,
	    "server", server, NULL);
	if (error != NULL)
		return keyring_fail(error, err);
	label = xasprintf("Guild token for %s@%s", user, server);
	ok = secret_password_store_sync(&keyring_schema,
	    SECRET_COLLECTION_DEFAULT, label, token, NULL, &error,
	    "server", server, "user", user, NULL);
	free(label);
	if (!ok || error != NULL)
		return keyring_fail(error, err);
	return 0;
}

int
keyring_lookup(const char *server, char **token, char **user,
    struct gerr *err)
{
	GError		*error = NULL;
	GList		*items;
	GHashTable	*attrs;
	SecretValue	*value;
	const char	*name, *text;
	int		 rc = 1;

	*token = NULL;
	*user = NULL;
	items = secret_password_search_sync(&keyring_schema,
	    SECRET_SEARCH_UNLOCK | SECRET_SEARCH_LOAD_SECRETS, NULL, &error,
	    "server", server, NULL);
	if (error != NULL) {
		g_list_free_full(items, g_object_unref);
		return keyring_fail(error, err);
	}
	if (items != NULL) {
		value = secret_retrievable_retrieve_secret_sync(items->data,
		    NULL, &error);
		if (error != NULL) {
			g_list_free_full(items, g_object_unref);
			return keyring_fail(error, err);
		}
		text = value != NULL ? secret_value_get_text(value) : NULL;
		if (text != NULL && *text != '\0') {
			attrs = secret_retrievable_get_attributes(items->data);
			name = attrs != NULL ?
			    g_hash_table_lookup(attrs, "user") : NULL;
			*token = xstrdup(text);
			*user = xstrdup(name != NULL ? name : "");
			if (attrs != NULL)
				g_hash_table_unref(attrs);
			rc = 0;
		}
		if (value != NULL)
			secret_value_unref(value);
	}
	g_list_free_full(items, g_object_unref);
	return rc;
}

int
keyring_clear(const char *server, struct gerr *err)
{
	GError *error = NULL;

	secret_password_clear_sync(&keyring_schema, NULL, &error,
	    "server", server, NULL);
	if (error != NULL)
		return keyring_fail(error, err);
	return 0;
}
