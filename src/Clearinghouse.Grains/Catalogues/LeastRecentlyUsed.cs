namespace Clearinghouse.Grains.Catalogues;

/// <summary>
/// A bounded map that forgets the entry used least recently when it is full. One lock around a dictionary and a
/// linked list: it is touched once per lookup, and the lookups it serves are few next to what each one saves.
/// </summary>
public sealed class LeastRecentlyUsed<TKey, TValue>(int capacity) where TKey : notnull
{
    private readonly Dictionary<TKey, LinkedListNode<(TKey Key, TValue Value)>> _entries = new(capacity);
    private readonly LinkedList<(TKey Key, TValue Value)> _order = new();
    private readonly Lock _lock = new();

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>The value kept under the key, now the most recently used; else <paramref name="create"/>'s, kept.</summary>
    public TValue GetOrAdd(TKey key, Func<TValue> create)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                _order.Remove(node);
                _order.AddFirst(node);
                return node.Value.Value;
            }
            if (_entries.Count >= capacity && _order.Last is { } oldest)
            {
                _order.RemoveLast();
                _entries.Remove(oldest.Value.Key);
            }
            var value = create();
            _entries[key] = _order.AddFirst((key, value));
            return value;
        }
    }

    /// <summary>Forgets the key if it still holds this value (a later value under the key stays).</summary>
    public void Remove(TKey key, TValue value)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var node) && EqualityComparer<TValue>.Default.Equals(node.Value.Value, value))
            {
                _order.Remove(node);
                _entries.Remove(key);
            }
        }
    }
}
