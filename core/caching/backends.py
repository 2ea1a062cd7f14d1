"""Django's Redis cache backend, with one reusable client per connection pool.

The stock backend builds a new redis.Redis object, with its table of ~170 response callbacks,
for every cache command: about a third of a millisecond each, several times per request
(the page cache, map data, the API's rate limit). A redis.Redis object is safe to share
between threads, since each command takes a connection from the pool, so one per pool is
enough.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._client(connection_pool=self._get_connection_pool(write))
            self._clients[index] = client
        return client


class ReusingRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
