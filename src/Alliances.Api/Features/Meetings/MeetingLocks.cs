using Alliances.Api.Data;
using Alliances.Api.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Alliances.Api.Features.Meetings;

/// <summary>
/// Row locks that serialise the writes of one meeting: RSVPs (capacity and waitlist), check-ins, minutes, edits and
/// cancellation each take the meeting's row with <c>SELECT … FOR UPDATE</c> inside their transaction. Two RSVPs for the
/// last seat therefore run one after the other, and the second sees the first's seat taken (READ COMMITTED takes a new
/// snapshot per statement, after the lock is granted).
/// </summary>
public static class MeetingLocks
{
    /// <summary>The meeting, tracked and locked until the caller's transaction ends; null when it does not exist.</summary>
    public static Task<Meeting?> LockAsync(AllianceDbContext db, Guid id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Meetings.FromSql($"SELECT * FROM meetings WHERE id = {id} FOR UPDATE").AsTracking().FirstOrDefaultAsync(cancellationToken);
    }
}
