import { decodeCertificateScene, encodeCertificateScene } from '../../shared/enrolment/certificate-scene';

test('a certificate number and its check code fit a wxacode scene and come back', () => {
  const scene = encodeCertificateScene('HZ2027-ABCDEF1234', '0123456789abcdef');
  expect(scene).toBe('2027ABCDEF12340123456789abcdef');
  expect(scene!.length).toBeLessThanOrEqual(32);
  expect(decodeCertificateScene(scene!)).toEqual({
    certificateNo: 'HZ2027-ABCDEF1234',
    code: '0123456789abcdef',
  });
});

test('anything else is not a certificate scene', () => {
  expect(encodeCertificateScene('WJ01', '0123456789abcdef')).toBeNull();
  expect(decodeCertificateScene('2027ABCDEF1234')).toBeNull();
  expect(decodeCertificateScene('x'.repeat(30))).toBeNull();
});
